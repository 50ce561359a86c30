package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A 429 with {@code Retry-After: 1} ends the attempt as a SYSTEM error, and the next call comes
 * no sooner than the server asked — although the test's retry backoff is 100 ms at most.
 */
@QuarkusTest
class RetryAfterIsWaitedOutTest {

    static TestServer server;
    static final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> calls.incrementAndGet() == 1
                ? new TestServer.Reply(429, Map.of("Retry-After", "1"), "", 0)
                : TestServer.Reply.json(200, "{}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theNextCallWaitsForRetryAfter() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "limited", "version": "v1"},
                 "type": "http", "config": {"url": "%s"}}
                """.formatted(p, server.url("/limited")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "limited"}, "inputs": {}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(List.of("none", "system"), e.getList("attempts.budget"));
        assertEquals("HTTP_429", e.getString("attempts[0].error.code"));
        assertEquals("PT1S", e.getString("attempts[0].error.retryAfter"));
        List<TestServer.Received> got = server.received();
        assertEquals(2, got.size());
        long gap = got.get(1).atMillis() - got.get(0).atMillis();
        assertTrue(gap >= 1000, "the second call came " + gap + " ms after the first");
    }
}
