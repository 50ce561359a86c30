package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.config.KiteConfig;
import dev.kite.server.Api;

/**
 * Aborts that meet serialized caching: an execution aborted while it waits in
 * {@code WAITING_FOR_CACHE} stays aborted, never runs the task and leaves the holder's reservation
 * alone; a holder aborted while it runs gives its reservation up at once, so a waiter takes over
 * without waiting for the reservation to expire.
 */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class AbortWhileWaitingForCacheTest {

    @Inject
    ProbePlugin probe;

    @Inject
    RedisDataSource redis;

    @Inject
    KiteConfig config;

    private String reservation(String key) {
        var r = redis.execute("GET", config.cache().keyPrefix() + "r:" + key);
        return r == null ? null : r.toString();
    }

    /** The cache key of {@code inputs}, learnt from an overwriting run whose entry is then evicted. */
    private static String keyOf(ProbeTask task, String inputs) {
        String key = Api.await(task.submit(inputs, true)).getString("cacheKey");
        given().delete("/api/v1/cache/keys/" + key).then().statusCode(200);
        return key;
    }

    @Test
    void aWaiterAbortedStaysAbortedAndLeavesTheHoldersReservation() {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "abort-waiter-" + task.project;
        String inputs = "{\"label\": \"%s\"}".formatted(label);
        String key = keyOf(task, inputs);
        String holder = UUID.randomUUID().toString();
        // another process holds the reservation for longer than this test
        redis.execute("SET", config.cache().keyPrefix() + "r:" + key, holder, "PX", "60000");
        try {
            String id = task.submit(inputs);
            ProbeTask.awaitPhase(id, "WAITING_FOR_CACHE");
            JsonPath aborted = given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200).extract().jsonPath();
            assertEquals("ABORTED", aborted.getString("phase"));

            Api.waitOutRetries(); // longer than a wait-poll (100 ms), a backoff and a sweep
            JsonPath later = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            assertEquals("ABORTED", later.getString("phase"), "the waiter did not come back to life");
            assertEquals(List.of(), later.getList("attempts"), "no attempt ran");
            assertEquals(1, probe.calls(label), "only the overwriting run called the plugin");
            assertEquals(holder, reservation(key), "the holder's reservation is not the waiter's to release");
        } finally {
            redis.execute("DEL", config.cache().keyPrefix() + "r:" + key);
        }
    }

    @Test
    void aHolderAbortedReleasesItsReservationAndAWaiterTakesOver() {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "abort-holder-" + task.project;
        // the holder sleeps for longer than the test waits; the reservation lives 3 s and is renewed
        String slow = "{\"label\": \"%s\", \"sleepMs\": 60000}".formatted(label);
        String holder = task.submit(slow);
        ProbeTask.awaitPhase(holder, "RUNNING");
        String key = given().get("/api/v1/executions/" + holder).then().statusCode(200).extract().path("cacheKey");
        assertEquals(holder, reservation(key), "the running execution holds the reservation");
        String waiter = task.submit(slow);
        ProbeTask.awaitPhase(waiter, "WAITING_FOR_CACHE");

        assertEquals("ABORTED", given().post("/api/v1/executions/" + holder + "/abort").then().statusCode(200)
                .extract().path("phase"));
        // released by the abort: the waiter reserves and runs the task itself (a 60 s sleep, aborted below)
        ProbeTask.awaitPhase(waiter, "RUNNING");
        assertEquals(waiter, reservation(key), "the waiter holds the reservation now");
        assertEquals(2, probe.calls(label), "the holder, then the waiter");
        assertEquals("ABORTED", given().post("/api/v1/executions/" + waiter + "/abort").then().statusCode(200)
                .extract().path("phase"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reservation(key) != null && System.nanoTime() < until) {
            Api.pause();
        }
        assertNull(reservation(key), "the last holder's abort released the reservation");
    }
}
