package dev.kite.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * A request made with {@link Auth#anonymous()} carries no credential even after a restart of the
 * application in the same JVM. RestAssured outlives the restart (it lives in Quarkus's base runtime
 * class loader) but {@link BootstrapKey} is loaded again, so the earlier restart's filter is of
 * another class that {@code noFiltersOfType(BootstrapKey.class)} keeps: it sent the bootstrap key
 * with "anonymous" requests, and LiveEventsTest's 401s were 200s after ConsoleInBrowserTest (a test
 * resource, so a restart). Here the earlier restart's filter is played by the same class defined
 * by a class loader of its own.
 */
@QuarkusTest
class AnonymousRequestsSendNoKeyTest {

    @Test
    void aFilterLeftByAnEarlierRestartIsReplaced() throws Exception {
        Filter stale = (Filter) new EarlierRestart().bootstrapKey().getConstructor().newInstance();
        RestAssured.filters(stale);
        try {
            BootstrapKey.install();
            List<Filter> named = RestAssured.filters().stream()
                    .filter(f -> f.getClass().getName().equals(BootstrapKey.class.getName())).toList();
            assertEquals(1, named.size(), "one filter sends the key: " + named);
            assertEquals(BootstrapKey.class, named.get(0).getClass());
            Auth.anonymous().get("/api/v1/projects").then().statusCode(401).contentType("application/problem+json");
            RestAssured.given().get("/api/v1/projects").then().statusCode(200);
        } finally {
            List<Filter> left = RestAssured.filters().stream().filter(f -> f != stale).toList();
            RestAssured.replaceFiltersWith(left);
        }
    }

    /** A class loader that defines BootstrapKey again, as the class loader of another restart does. */
    private static final class EarlierRestart extends ClassLoader {

        EarlierRestart() {
            super(RestAssured.class.getClassLoader());
        }

        Class<?> bootstrapKey() throws IOException {
            String resource = BootstrapKey.class.getName().replace('.', '/') + ".class";
            try (InputStream in = BootstrapKey.class.getClassLoader().getResourceAsStream(resource)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(BootstrapKey.class.getName(), bytes, 0, bytes.length);
            }
        }
    }
}
