package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** A response bigger than the task's maxResponseBytes fails the attempt instead of filling memory. */
@QuarkusTest
class LargeResponsesAreCutOffTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> TestServer.Reply.json(200, "{\"blob\": \"" + "x".repeat(r.path().equals("/big") ? 200_000 : 10) + "\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aResponsePastTheCapFailsTheAttempt() {
        String p = Api.project();
        for (String path : new String[] {"/big", "/small"}) {
            Api.register("""
                    {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                     "type": "http", "config": {"url": "%s", "maxResponseBytes": 1000}}
                    """.formatted(p, path.substring(1), server.url(path)));
        }
        JsonPath big = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "big"}, "inputs": {}}
                """.formatted(p)));
        assertEquals("FAILED", big.getString("phase"));
        assertEquals("HTTP_RESPONSE_TOO_LARGE", big.getString("error.code"));
        assertEquals(1, big.getList("attempts").size());
        JsonPath small = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "small"}, "inputs": {}}
                """.formatted(p)));
        assertEquals("SUCCEEDED", small.getString("phase"));
    }
}
