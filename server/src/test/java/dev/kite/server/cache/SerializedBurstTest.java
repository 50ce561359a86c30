package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * Regression test of issue 12, item 2: under the CPU load of a burst, Redis calls timed out, the
 * cache's circuit breaker opened on a healthy Redis, and serialized executions ran without the
 * cache — 431 runs for 93 distinct inputs. Failed on the code before the fix (LOOKUP_FAILUREs and
 * extra runs); passes after it: serialization holds under load.
 */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class SerializedBurstTest {

    static final int SUBMISSIONS = 1_000;
    static final int DISTINCT = 93;

    @Inject
    ProbePlugin probe;

    @Test
    void aThousandSubmissionsOverNinetyThreeInputsRunNinetyThreeTimes() throws Exception {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "burst-" + task.project;
        CacheMetrics before = CacheMetrics.scrape();
        List<JsonPath> ended = burst(task, label, null);
        Map<String, Integer> byStatus = new TreeMap<>();
        for (JsonPath e : ended) {
            assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
            byStatus.merge(e.getString("cacheStatus"), 1, Integer::sum);
        }
        assertEquals(Map.of("POPULATED", DISTINCT, "HIT", SUBMISSIONS - DISTINCT), byStatus,
                "one run per distinct input, every other execution a hit");
        assertEquals(DISTINCT, probe.calls(label), "the plugin ran once per distinct input");
        assertEquals(0, CacheMetrics.scrape().value(CacheMetrics.lookups("failure"))
                - before.value(CacheMetrics.lookups("failure")), 0.0, "no lookup failed while Redis was healthy");
    }

    /**
     * Submits {@link #SUBMISSIONS} executions over {@link #DISTINCT} inputs from 32 clients (after
     * {@code midway} of them, runs {@code midway}'s action once) and answers them all ended.
     */
    static List<JsonPath> burst(ProbeTask task, String label, Runnable midway) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < SUBMISSIONS; i++) {
                String inputs = "{\"label\": \"%s\", \"value\": %d, \"sleepMs\": 300}".formatted(label, i % DISTINCT);
                ids.add(pool.submit(() -> task.submit(inputs)));
                if (midway != null && i == SUBMISSIONS / 3) {
                    ids.get(i).get(60, TimeUnit.SECONDS);
                    midway.run();
                }
            }
            List<Future<JsonPath>> ended = new ArrayList<>();
            for (Future<String> id : ids) {
                String submitted = id.get(120, TimeUnit.SECONDS);
                ended.add(pool.submit(() -> Api.await(submitted)));
            }
            List<JsonPath> out = new ArrayList<>();
            for (Future<JsonPath> e : ended) {
                out.add(e.get(180, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
