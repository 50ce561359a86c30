package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The quota's slots are leases in Redis: when a process dies holding every slot of a host
 * (kite.http.hosts."127.0.0.4".max-concurrent=2), its leases run out and the host is served again.
 */
@QuarkusTest
class DeadProcessSlotsComeBackTest {

    static TestServer server;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.4");
        server.handle(r -> TestServer.Reply.json(200, "{}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void slotsOfADeadProcessExpire() {
        String key = "kite:http:slots:127.0.0.4";
        redis.key().del(key);
        var time = redis.execute("TIME");
        long now = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
        long expiry = now + 1500;
        // a process that died while holding both slots; nobody renews them
        redis.execute("ZADD", key, String.valueOf(expiry), "dead-1", String.valueOf(expiry), "dead-2");

        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "after", "version": "v1"},
                 "type": "http", "config": {"url": "%s"}}
                """.formatted(p, server.url("/ping")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "after"}, "inputs": {}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(1, server.received().size());
        long calledAt = server.received().get(0).atMillis();
        assertTrue(calledAt >= expiry - 200, "the call waited for the dead leases to run out ("
                + (expiry - calledAt) + " ms early)");
        assertEquals(0, redis.sortedSet(String.class).zcard(key), "the slot was given back");
    }
}
