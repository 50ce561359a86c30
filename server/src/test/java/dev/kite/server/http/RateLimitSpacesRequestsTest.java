package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.kite.server.Api;

/**
 * kite.http.hosts."127.0.0.5".rate-per-second=5 with burst 1 (test profile): six calls started at
 * once reach the server spread over at least a second.
 */
@QuarkusTest
class RateLimitSpacesRequestsTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.5");
        server.handle(r -> TestServer.Reply.json(200, "{}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void callsAreSpacedByTheRate() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "paced", "version": "v1"},
                 "type": "http", "config": {"url": "%s"}}
                """.formatted(p, server.url("/paced")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(Api.submit("""
                    {"task": {"project": "%s", "domain": "development", "name": "paced"}, "inputs": {}}
                    """.formatted(p)));
        }
        ids.forEach(id -> assertEquals("SUCCEEDED", Api.await(id).getString("phase")));
        List<Long> at = server.received().stream().map(TestServer.Received::atMillis).sorted().toList();
        assertEquals(6, at.size());
        long span = at.get(5) - at.get(0);
        assertTrue(span >= 900, "6 calls at 5/s with a burst of 1 took " + span + " ms");
    }
}
