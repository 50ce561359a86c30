package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Regression test of issue 12, item 1: a long-poll ({@code ?wait}) that timed out cancelled the
 * completion signal all waiters of a run share, so every later long-poll answered 500 and an
 * execution in WAITING_FOR_CACHE read the cancelled signal as "ended" and stayed stuck holding a
 * slot. Failed on the code before the fix (500s, stuck executions); passes after it.
 *
 * <p>100 executions, half of them waiting in WAITING_FOR_CACHE for an identical serialized one;
 * 1,000 concurrent long-polls with mixed timeouts on them: no 5xx, every execution ends, and no
 * slot stays held ({@code kite_engine_active} is 0 once all have ended).
 */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class LongPollsNeverBreakExecutionsTest {

    private static final int EXECUTIONS = 100;
    private static final int POLLS = 1_000;

    @Inject
    ProbePlugin probe;

    @Test
    void aThousandMixedLongPollsBreakNothing() throws Exception {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "polls-" + task.project;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            // pairs of identical inputs: the second of each pair waits for the first
            ids.add(task.submit("{\"label\": \"%s\", \"value\": %d, \"sleepMs\": 2500}".formatted(label, i / 2)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(48);
        Map<Integer, Integer> statuses = new TreeMap<>();
        try {
            SplittableRandom random = new SplittableRandom(12);
            List<Future<Integer>> polls = new ArrayList<>();
            for (int i = 0; i < POLLS; i++) {
                String id = ids.get(random.nextInt(EXECUTIONS));
                String wait = String.valueOf(random.nextInt(1, 30) / 10.0); // 0.1 s to 2.9 s
                polls.add(pool.submit(() -> given().get("/api/v1/executions/" + id + "?wait=" + wait).statusCode()));
            }
            for (Future<Integer> f : polls) {
                statuses.merge(f.get(120, TimeUnit.SECONDS), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(200, POLLS), statuses, "every long-poll answers 200");
        for (String id : ids) {
            JsonPath e = Api.await(id);
            assertEquals("SUCCEEDED", e.getString("phase"), "execution " + id + " ended");
        }
        assertEquals(EXECUTIONS / 2, probe.calls(label), "one run per distinct input");
        assertTrue(activeSlotsDropToZero(), "no slot stays held once every execution has ended");
    }

    /** The engine releases a slot right after the end is written; look a few times, pausing between. */
    private static boolean activeSlotsDropToZero() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (CacheMetrics.scrape().value("kite_engine_active") == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
