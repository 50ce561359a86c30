package dev.kite.server.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * An http task calls the service once and reads its outputs from the status, a header and JSON
 * pointers into the body; the call carries the execution's Idempotency-Key and the secret header.
 */
@QuarkusTest
class HttpCallMapsOutputsTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> new TestServer.Reply(200, Map.of("Content-Type", "application/json", "ETag", "\"v7\""),
                "{\"data\": {\"id\": 42, \"name\": \"Ada\", \"tags\": [\"x\", \"y\"]}}", 0));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void outputsComeFromStatusHeadersAndBody() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "get-user", "version": "v1"},
                 "type": "http",
                 "interface": {"inputs": {"id": {"type": "integer"}},
                               "outputs": {"status": {"type": "integer"}, "etag": {"type": "string"},
                                           "userId": {"type": "integer"}, "name": {"type": "string"},
                                           "tags": {"type": {"collection": "string"}}}},
                 "config": {"method": "GET", "url": "%s",
                            "headers": {"Authorization": {"secret": "http-token", "prefix": "Bearer "},
                                        "Accept": "application/json"},
                            "outputs": {"status": "status", "etag": "header:ETag", "userId": "/data/id",
                                        "name": "/data/name", "tags": "/data/tags"}}}
                """.formatted(p, server.url("/users/{{.inputs.id}}")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "get-user"}, "inputs": {"id": 42}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(200, e.getInt("outputs.status"));
        assertEquals("\"v7\"", e.getString("outputs.etag"));
        assertEquals(42, e.getInt("outputs.userId"));
        assertEquals("Ada", e.getString("outputs.name"));
        assertEquals(List.of("x", "y"), e.getList("outputs.tags"));

        List<TestServer.Received> calls = server.received(r -> r.path().equals("/users/42"));
        assertEquals(1, calls.size());
        TestServer.Received call = calls.get(0);
        assertEquals("GET", call.method());
        assertEquals("kite-" + id.replace("-", ""), call.header("Idempotency-Key"));
        assertEquals("Bearer tok-very-secret-123", call.header("Authorization"));

        String task = given().get("/api/v1/tasks/" + p + "/development/get-user/v1").then().statusCode(200).extract().asString();
        assertTrue(task.contains("\"secret\":\"http-token\""), task);
        assertFalse(task.contains("tok-very-secret-123"), "the task holds the reference, not the secret");
    }
}
