package dev.kite.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class EchoExecutionTest {

    @Test
    void runsAndReturnsTypedOutputs() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "echo", "version": "v1"},
                 "type": "echo",
                 "interface": {"inputs": {"text": {"type": "string"}, "n": {"type": "float"}},
                               "outputs": {"text": {"type": "string"}, "n": {"type": "float"}}},
                 "config": {"prefix": "> "}}
                """.formatted(p));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "hi", "n": 2}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        assertEquals("> hi", e.getString("outputs.text"));
        assertEquals(2.0f, e.getFloat("outputs.n"));
        assertEquals("v1", e.getString("task.version"));
        assertEquals("DISABLED", e.getString("cacheStatus"));
        assertEquals(1, e.getList("attempts").size());
        assertNull(e.get("error"));
        JsonPath events = given().get("/api/v1/executions/" + id + "/events").then().statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of("QUEUED", "RUNNING", "SUCCEEDED", "SUCCEEDED"), events.getList("phase"));
    }
}
