package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** A 503 ends the attempt as a SYSTEM error; the next attempt, paid by the system budget, succeeds. */
@QuarkusTest
class ServerErrorIsRetriedOnTheSystemBudgetTest {

    static TestServer server;
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> calls.incrementAndGet() == 1
                ? TestServer.Reply.json(503, "{\"title\": \"Service Unavailable\", \"detail\": \"warming up\"}")
                : TestServer.Reply.json(200, "{\"result\": \"done\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void secondAttemptSucceedsOnTheSystemBudget() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "flaky", "version": "v1"},
                 "type": "http",
                 "interface": {"outputs": {"result": {"type": "string"}}},
                 "metadata": {"retries": 0},
                 "config": {"method": "POST", "url": "%s", "body": {"go": true}, "outputs": {"result": "/result"}}}
                """.formatted(p, server.url("/work")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "flaky"}, "inputs": {}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("done", e.getString("outputs.result"));
        assertEquals(List.of("none", "system"), e.getList("attempts.budget"));
        assertEquals("HTTP_503", e.getString("attempts[0].error.code"));
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertTrue(e.getString("attempts[0].error.message").contains("warming up"), e.getString("attempts[0].error.message"));

        List<TestServer.Received> got = server.received();
        assertEquals(2, got.size(), "one call per attempt: no retry in place");
        assertEquals(got.get(0).header("Idempotency-Key"), got.get(1).header("Idempotency-Key"),
                "the key is the execution's, the same on the retry");
    }
}
