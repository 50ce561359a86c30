package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A name longer than 32 characters is registered, with a warning in the response body; 32 is
 * fine. Characters are Unicode code points, so 33 emoji (66 UTF-16 units) warn and 32 do not.
 */
@QuarkusTest
class LongNameWarningTest {

    @Test
    void longNamesAreAcceptedWithAWarning() {
        String p = Api.project();
        JsonPath long33 = register(p, "a".repeat(33));
        List<String> warnings = long33.getList("warnings", String.class);
        assertEquals(1, warnings.size(), long33.prettify());
        assertTrue(warnings.get(0).startsWith("id.name: longer than 32 characters (33)"), warnings.get(0));

        assertNull(register(p, "b".repeat(32)).get("warnings"));

        String rocket = "\uD83D\uDE80";
        assertEquals(1, register(p, rocket.repeat(33)).getList("warnings").size());
        assertNull(register(p, rocket.repeat(32)).get("warnings"));

        // the warning is about the request, not part of the stored template
        assertNull(given().get("/api/v1/tasks/{p}/development/{n}/v1", p, "a".repeat(33)).then().statusCode(200)
                .extract().path("warnings"));
    }

    private static JsonPath register(String project, String name) {
        return given().contentType(ContentType.JSON).body(Templates.echo(project, name, "v1").toString())
                .post("/api/v1/tasks").then().statusCode(201).extract().jsonPath();
    }
}
