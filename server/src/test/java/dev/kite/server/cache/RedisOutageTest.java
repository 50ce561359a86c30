package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Redis stops or hangs while Kite serves: executions still succeed (LOOKUP_FAILURE) without
 * waiting on Redis for more than a few seconds, and caching resumes once Redis is back.
 */
@QuarkusTest
@WithTestResource(PrivateRedis.class)
class RedisOutageTest {

    /** "A few seconds": Redis trouble must never hold an execution up for longer. */
    private static final int BOUND_SECONDS = 5;

    private static final AtomicInteger VALUES = new AtomicInteger(1000);

    @PrivateRedis.InjectPrivateRedis
    PrivateRedis redis;

    @Inject
    ProbePlugin probe;

    @AfterEach
    void redisRuns() {
        redis.launch();
    }

    private static String inputs(String label, int value) {
        return "{\"label\": \"%s\", \"value\": %d}".formatted(label, value);
    }

    /** The execution, which must have succeeded within {@link #BOUND_SECONDS} of its submission. */
    private static JsonPath succeededWithinBound(String id) {
        JsonPath e = given().get("/api/v1/executions/" + id + "?wait=" + BOUND_SECONDS).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("SUCCEEDED", e.getString("phase"), "execution " + id + " had not succeeded within "
                + BOUND_SECONDS + " s of its submission");
        return e;
    }

    /**
     * Runs executions with new inputs until one is POPULATED (the circuit breaker lets a trial call
     * through after its delay; until then lookups may still fail fast), then its twin must HIT.
     */
    private static void cachingWorks(ProbeTask task, String label) {
        JsonPath populated = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (populated == null && System.nanoTime() < until) {
            JsonPath e = succeededWithinBound(task.submit(inputs(label, VALUES.incrementAndGet())));
            if ("POPULATED".equals(e.getString("cacheStatus"))) {
                populated = e;
            }
        }
        assertTrue(populated != null, "caching works within 30 s of Redis being there");
        JsonPath hit = succeededWithinBound(task.submit(inputs(label, populated.getInt("outputs.value"))));
        assertEquals("HIT", hit.getString("cacheStatus"));
        assertEquals(populated.getString("id"), hit.getString("cacheSource"));
    }

    /** Runs {@code n} executions one after the other; each must succeed in time with LOOKUP_FAILURE. */
    private static List<String> lookupFailures(List<ProbeTask> tasks, String label, int n) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = tasks.get(i % tasks.size()).submit(inputs(label, i));
            JsonPath e = succeededWithinBound(id);
            assertEquals("LOOKUP_FAILURE", e.getString("cacheStatus"), "execution " + i);
            reasons.add(ProbeTask.eventMessage(id, "CACHE_LOOKUP_FAILURE"));
        }
        return reasons;
    }

    @Test
    void whenRedisStopsTasksRunWithoutTheCacheAndCachingResumesWhenItIsBack() {
        ProbeTask plain = ProbeTask.fresh().register();
        ProbeTask serial = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "stopped-" + plain.project;
        assertEquals("POPULATED", plain.run(inputs(label, 0)).getString("cacheStatus"));
        CacheMetrics before = CacheMetrics.scrape();

        redis.halt();
        List<String> reasons = lookupFailures(List.of(plain, serial), label, 6);
        assertEquals(1 + 6, probe.calls(label), "every execution ran, also the one whose outputs were stored before");
        assertTrue(reasons.stream().anyMatch(r -> r.contains("Connection refused")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("circuit breaker open")),
                "repeated failures open the circuit breaker: " + reasons);
        assertEquals(6, CacheMetrics.scrape().value(CacheMetrics.lookups("failure"))
                - before.value(CacheMetrics.lookups("failure")), 0.0);
        given().delete("/api/v1/cache/" + plain.project + "/development/" + ProbeTask.NAME).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5");
        // Kite still runs tasks: ready, with Redis reported as degraded (before: readiness went DOWN)
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'Redis (cache and quotas)' }.data.redis", org.hamcrest.Matchers.equalTo("degraded"));

        redis.launch();
        cachingWorks(plain, label);
    }

    @Test
    void whenRedisHangsEachCallIsCutShortAndCachingResumesWhenItAnswersAgain() {
        ProbeTask plain = ProbeTask.fresh().register();
        String label = "frozen-" + plain.project;
        cachingWorks(plain, label);

        redis.freeze();
        List<String> reasons = lookupFailures(List.of(plain), label, 4);
        assertTrue(reasons.stream().anyMatch(r -> r.contains("did not answer GET within")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("circuit breaker open")),
                "repeated timeouts open the circuit breaker: " + reasons);

        redis.thaw();
        cachingWorks(plain, label);
    }
}
