package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A 400 with a problem document is the task's fault: FAILED after one attempt whatever the
 * retries, with the problem's detail in the message — and never a secret, even when the service
 * echoes it.
 */
@QuarkusTest
class ClientErrorFailsAtOnceTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> new TestServer.Reply(400, Map.of("Content-Type", "application/problem+json"),
                "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400,"
                        + " \"detail\": \"field 'name' must not be empty (sent with " + r.header("Authorization") + ")\"}", 0));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void failsAfterOneAttemptWithTheProblemDetail() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "create", "version": "v1"},
                 "type": "http",
                 "metadata": {"retries": 3},
                 "config": {"method": "POST", "url": "%s", "body": {"name": ""},
                            "headers": {"Authorization": {"secret": "http-token", "prefix": "Bearer "}}}}
                """.formatted(p, server.url("/things")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "create"}, "inputs": {}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals(1, server.received().size());
        assertEquals("USER", e.getString("error.kind"));
        assertFalse(e.getBoolean("error.recoverable"));
        assertEquals("HTTP_400", e.getString("error.code"));
        String expected = "HTTP 400 Bad Request from POST " + server.url("/things")
                + ": field 'name' must not be empty (sent with Bearer ***)";
        assertEquals(expected, e.getString("attempts[0].error.message"));
        assertFalse(e.prettify().contains("tok-very-secret-123"), "the secret is kept out of the execution");
        // and out of its events, fetched (before: the message promised it, no event was read)
        String events = io.restassured.RestAssured.given().get("/api/v1/executions/" + e.getString("id") + "/events")
                .then().statusCode(200).extract().asString();
        assertTrue(events.contains("FAILED"), "the events record the failure: " + events);
        assertTrue(events.contains("must not be empty"), "the events carry the error message: " + events);
        assertFalse(events.contains("tok-very-secret-123"), "the secret is kept out of the events: " + events);
    }
}
