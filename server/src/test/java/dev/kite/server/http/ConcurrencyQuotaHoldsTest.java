package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.kite.server.Api;

/**
 * kite.http.hosts."127.0.0.3".max-concurrent=5 (test profile): 200 executions running at once
 * against that host all succeed, and the server never sees more than 5 requests at a time. The
 * server holds its answers until all 200 are submitted, so that without the quota far more than 5
 * (up to kite.http.max-connections-per-host) would be in flight.
 */
@QuarkusTest
class ConcurrencyQuotaHoldsTest {

    static final int QUOTA = 5;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.3");
        server.handle(r -> TestServer.Reply.json(200, "{}").delayed(20));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void twoHundredExecutionsNeverExceedTheQuota() throws Exception {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "busy", "version": "v1"},
                 "type": "http", "interface": {"inputs": {"n": {"type": "integer"}}},
                 "config": {"url": "%s", "timeout": "PT5M"}}
                """.formatted(p, server.url("/work/{{.inputs.n}}")));
        server.closeGate();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> submitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            submitted.add(clients.submit(() -> Api.submit("""
                    {"task": {"project": "%s", "domain": "development", "name": "busy"}, "inputs": {"n": %d}}
                    """.formatted(p, n))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : submitted) {
            ids.add(f.get());
        }
        clients.shutdown();
        for (int i = 0; i < 200 && server.inFlight() < QUOTA; i++) {
            Thread.sleep(50);
        }
        assertEquals(QUOTA, server.inFlight(), "with all 200 running, the quota's slots are all taken");
        server.openGate();

        for (String id : ids) {
            assertEquals("SUCCEEDED", Api.await(id).getString("phase"), id);
        }
        assertEquals(200, server.received().size());
        assertEquals(QUOTA, server.maxInFlight(), "the server never saw more than " + QUOTA + " requests at once");
    }
}
