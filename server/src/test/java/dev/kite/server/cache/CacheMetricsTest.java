package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.kite.server.Api;

/** Hits, misses, skipped lookups, stores, put failures and waits are counted in /q/metrics. */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class CacheMetricsTest {

    @Test
    void everyCacheOutcomeIsCounted() {
        CacheMetrics before = CacheMetrics.scrape();

        ProbeTask task = ProbeTask.fresh().register();
        String label = "metrics-" + task.project;
        String inputs = "{\"label\": \"%s\"}".formatted(label);
        assertEquals("POPULATED", task.run(inputs).getString("cacheStatus"));
        assertEquals("HIT", task.run(inputs).getString("cacheStatus"));
        assertEquals("SKIPPED", Api.await(task.submit(inputs, true)).getString("cacheStatus"));
        assertEquals("PUT_FAILURE", task.run("{\"label\": \"%s\", \"size\": %d}"
                .formatted(label, CacheTestProfile.MAX_ENTRY_BYTES)).getString("cacheStatus"));

        ProbeTask serial = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String slow = "{\"label\": \"%s\", \"sleepMs\": 2000}".formatted("metrics-serial-" + serial.project);
        String owner = serial.submit(slow);
        ProbeTask.awaitPhase(owner, "RUNNING");
        String waiter = serial.submit(slow);
        assertEquals("POPULATED", Api.await(owner).getString("cacheStatus"));
        assertEquals("HIT", Api.await(waiter).getString("cacheStatus"));

        CacheMetrics after = CacheMetrics.scrape();
        assertDelta(before, after, CacheMetrics.lookups("hit"), 2);
        assertDelta(before, after, CacheMetrics.lookups("miss"), 3);
        assertDelta(before, after, CacheMetrics.lookups("skipped"), 1);
        assertDelta(before, after, CacheMetrics.lookups("failure"), 0);
        assertDelta(before, after, CacheMetrics.puts("stored"), 3);
        assertDelta(before, after, CacheMetrics.puts("failure"), 1);
        assertDelta(before, after, CacheMetrics.WAITS, 1);
    }

    private static void assertDelta(CacheMetrics before, CacheMetrics after, String sample, int expected) {
        assertEquals(expected, after.value(sample) - before.value(sample), 0.0, sample);
    }
}
