package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * Attempts wait out their backoff. Asserted from the times the execution records: each attempt
 * starts after the previous one ended, never sooner than its wait. No upper bound: on a busy box a
 * wait may last longer, and the growth and cap of the waits are checked without a clock in
 * BackoffTest. (Before: a window of 5 ms early to 400 ms late, which a busy 2-core box could break.)
 */
@QuarkusTest
class BackoffBetweenAttemptsTest {

    @Test
    void eachAttemptWaitsAtLeastItsBackoff() {
        String p = Api.project();
        Api.scripted(p, "slow-retry", """
                {"retries": 4, "retryBackoff": {"initial": "PT0.2S", "max": "PT0.5S", "factor": 2.0, "jitter": 0}}""");
        String id = Api.runScript(p, "slow-retry", "user", "user", "user", "user", "ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        List<Map<String, Object>> attempts = e.getList("attempts");
        assertEquals(5, attempts.size());
        long[] expected = {200, 400, 500, 500};
        for (int i = 1; i < attempts.size(); i++) {
            assertEquals(i, attempts.get(i).get("number"), "attempts in order");
            Instant previousStart = Instant.parse((String) attempts.get(i - 1).get("startedAt"));
            Instant ended = Instant.parse((String) attempts.get(i - 1).get("endedAt"));
            Instant started = Instant.parse((String) attempts.get(i).get("startedAt"));
            assertTrue(!ended.isBefore(previousStart), "attempt " + i + " ended before it started");
            long gap = Duration.between(ended, started).toMillis();
            assertTrue(gap >= expected[i - 1], "wait before attempt " + i + " was " + gap + " ms, at least "
                    + expected[i - 1] + " expected");
        }
    }
}
