package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/** A new version is stored (201) in its canonical form, with a digest, and reads back unchanged. */
@QuarkusTest
class RegisterNewTaskVersionTest {

    @Test
    void createdThenReadBack() {
        String p = Api.project();
        ObjectNode template = Templates.echo(p, "greet", "v1");
        Templates.metadata(template).put("timeout", "PT300S").putObject("cache").put("version", "1");

        Response created = given().contentType(ContentType.JSON).body(template.toString()).post("/api/v1/tasks");
        assertEquals(201, created.statusCode(), created.asString());
        assertTrue(created.header("Location").endsWith("/api/v1/tasks/" + p + "/development/greet/v1"),
                created.header("Location"));
        JsonPath body = created.jsonPath();
        assertEquals(p, body.getString("id.project"));
        assertEquals("greet", body.getString("id.name"));
        assertEquals("echo", body.getString("type"));
        // canonical metadata: the duration rewritten, every default written out
        assertEquals("PT5M", body.getString("metadata.timeout"));
        assertEquals(2, body.getInt("metadata.retries"));
        assertEquals(false, body.getBoolean("metadata.interruptible"));
        assertEquals(false, body.getBoolean("metadata.cache.serialize"));
        assertEquals(0, body.getList("metadata.cache.ignoreInputs").size());
        assertEquals("what to echo", body.getString("interface.inputs.text.description"));
        assertTrue(body.getString("digest").matches("[0-9a-f]{64}"), body.getString("digest"));
        Instant registeredAt = Instant.parse(body.getString("registeredAt"));
        assertTrue(Duration.between(registeredAt, Instant.now()).abs().toMinutes() < 5, registeredAt.toString());
        assertFalse(created.asString().contains("warnings"));

        String read = given().get(created.header("Location")).then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();
        assertEquals(created.asString(), read);
    }
}
