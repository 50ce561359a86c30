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
 * kite.http.hosts."127.0.0.3".max-concurrent=5 (test profile): 200 executions started at once
 * against that host all succeed, and the server never sees more than 5 requests at a time.
 */
@QuarkusTest
class ConcurrencyQuotaHoldsTest {

    static final int QUOTA = 5;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.3");
        server.handle(r -> TestServer.Reply.json(200, "{}").delayed(50));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void twoHundredExecutionsNeverExceedTheQuota() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "busy", "version": "v1"},
                 "type": "http", "interface": {"inputs": {"n": {"type": "integer"}}},
                 "config": {"url": "%s"}}
                """.formatted(p, server.url("/work/{{.inputs.n}}")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(Api.submit("""
                    {"task": {"project": "%s", "domain": "development", "name": "busy"}, "inputs": {"n": %d}}
                    """.formatted(p, i)));
        }
        for (String id : ids) {
            assertEquals("SUCCEEDED", Api.await(id).getString("phase"), id);
        }
        assertEquals(200, server.received().size());
        assertTrue(server.maxInFlight() <= QUOTA, "the server saw " + server.maxInFlight() + " requests at once");
        assertTrue(server.maxInFlight() > 1, "requests ran side by side up to the quota");
    }
}
