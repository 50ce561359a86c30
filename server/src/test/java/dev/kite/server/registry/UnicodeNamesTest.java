package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * Task names are Unicode: any name the registry accepts can be read back through its
 * percent-encoded URL, and a name is stored NFC-normalized, so its decomposed spelling finds it too.
 */
@QuarkusTest
class UnicodeNamesTest {

    @Test
    void namesRoundTripThroughUrls() {
        String p = Api.project();
        List<String> names = List.of("grüße", "数据清洗", "🚀 launch", "a;b", "50% off", "what?", "hash#tag", "plus+sign",
                "back\\slash", "quote\"d", "..dots..");
        for (String name : names) {
            register(p, name, 201);
            JsonPath task = get(p, name, "v1");
            assertEquals(name, task.getString("id.name"));
            assertEquals(List.of("v1"), given().urlEncodingEnabled(false)
                    .get("/api/v1/tasks/" + p + "/development/" + encode(name)).then().statusCode(200)
                    .extract().jsonPath().getList("items.id.version"));
        }
    }

    @Test
    void namesAreNormalized() {
        String p = Api.project();
        String decomposed = "cafe\u0301";
        String composed = "caf\u00e9";
        JsonPath created = register(p, decomposed, 201);
        assertEquals(composed, created.getString("id.name"));
        assertEquals(created.getString("digest"), register(p, composed, 200).getString("digest"));
        assertEquals(created.getString("digest"), get(p, decomposed, "v1").getString("digest"));
        assertEquals(created.getString("digest"), get(p, composed, "v1").getString("digest"));
    }

    private static JsonPath register(String project, String name, int status) {
        return given().contentType(ContentType.JSON).body(Templates.echo(project, name, "v1").toString())
                .post("/api/v1/tasks").then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath get(String project, String name, String version) {
        return given().urlEncodingEnabled(false)
                .get("/api/v1/tasks/" + project + "/development/" + encode(name) + "/" + version)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Percent-encodes every byte outside the unreserved set, as a careful client does for a path segment. */
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
