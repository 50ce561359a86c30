package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class SerializedOwnerFailureTest {

    @Inject
    ProbePlugin probe;

    @Test
    void whenTheRunningExecutionFailsAWaiterTakesOver() throws Exception {
        ProbeTask task = ProbeTask.fresh().retries(0).cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "takeover-" + task.project;
        String inputs = "{\"label\": \"%s\", \"sleepMs\": 3000, \"failFirst\": 1}".formatted(label);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<JsonPath> done = new ArrayList<>();
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                submitted.add(pool.submit(() -> task.submit(inputs)));
            }
            for (Future<String> f : submitted) {
                done.add(Api.await(f.get(60, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, probe.calls(label), "the failed run and the takeover");

        List<JsonPath> failed = done.stream().filter(e -> "FAILED".equals(e.getString("phase"))).toList();
        assertEquals(1, failed.size());
        assertEquals("PROBE_FAILED", failed.get(0).getString("error.code"));

        List<JsonPath> takers = done.stream().filter(e -> "POPULATED".equals(e.getString("cacheStatus"))).toList();
        assertEquals(1, takers.size());
        JsonPath taker = takers.get(0);
        assertEquals("SUCCEEDED", taker.getString("phase"));
        List<String> events = ProbeTask.events(taker.getString("id"));
        assertTrue(events.indexOf("WAITING_FOR_CACHE") >= 0
                && events.indexOf("WAITING_FOR_CACHE") < events.indexOf("CACHE_RESERVATION_TAKEN")
                && events.indexOf("CACHE_RESERVATION_TAKEN") < events.indexOf("RUNNING"), events.toString());

        JsonPath other = done.stream().filter(e -> e != taker && e != failed.get(0)).findFirst().orElseThrow();
        assertEquals("SUCCEEDED", other.getString("phase"));
        assertEquals("HIT", other.getString("cacheStatus"));
        assertEquals(taker.getString("id"), other.getString("cacheSource"));
    }
}
