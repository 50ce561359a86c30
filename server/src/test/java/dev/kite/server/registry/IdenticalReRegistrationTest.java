package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * Registering a version again with the same content is a no-op answered 200, also when the body
 * differs only in ways the canonical form erases (key order, spelled-out defaults, duration forms).
 */
@QuarkusTest
class IdenticalReRegistrationTest {

    @Test
    void sameContentIsOk() {
        String p = Api.project();
        ObjectNode template = Templates.echo(p, "greet", "v1");
        JsonPath first = post(template.toString(), 201);

        JsonPath again = post(template.toString(), 200);
        assertEquals(first.getString("digest"), again.getString("digest"));
        assertEquals(first.getString("registeredAt"), again.getString("registeredAt"));

        String sameInOtherWords = """
                {"config": {"prefix": "> "},
                 "metadata": {"timeout": "PT300S", "interruptible": false, "retries": 2.0},
                 "interface": {"outputs": {"text": {"type": "string", "description": ""}},
                               "inputs": {"text": {"description": "what to echo", "type": "string"}}},
                 "type": "echo",
                 "id": {"version": "v1", "name": "greet", "domain": "development", "project": "%s"}}
                """.formatted(p);
        JsonPath equivalent = post(sameInOtherWords, 200);
        assertEquals(first.getString("digest"), equivalent.getString("digest"));

        JsonPath versions = given().get("/api/v1/tasks/{p}/development/greet", p).then().statusCode(200).extract().jsonPath();
        assertEquals(1, versions.getList("items").size());
    }

    private static JsonPath post(String body, int status) {
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/tasks");
        assertEquals(status, r.statusCode(), r.asString());
        return r.jsonPath();
    }
}
