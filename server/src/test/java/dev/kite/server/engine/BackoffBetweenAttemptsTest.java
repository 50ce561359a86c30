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

@QuarkusTest
class BackoffBetweenAttemptsTest {

    @Test
    void waitsGrowExponentiallyAndRespectTheMaximum() {
        String p = Api.project();
        Api.scripted(p, "slow-retry", """
                {"retries": 4, "retryBackoff": {"initial": "PT0.2S", "max": "PT0.5S", "factor": 2.0, "jitter": 0}}""");
        String id = Api.runScript(p, "slow-retry", "user", "user", "user", "user", "ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        List<Map<String, Object>> attempts = e.getList("attempts");
        long[] expected = {200, 400, 500, 500};
        for (int i = 1; i < attempts.size(); i++) {
            Instant ended = Instant.parse((String) attempts.get(i - 1).get("endedAt"));
            Instant started = Instant.parse((String) attempts.get(i).get("startedAt"));
            long gap = Duration.between(ended, started).toMillis();
            long want = expected[i - 1];
            // never shorter than the backoff; scheduling and one commit may add a little
            assertTrue(gap >= want - 5 && gap <= want + 400, "wait before attempt " + i + " was " + gap + " ms, expected ~" + want);
        }
    }
}
