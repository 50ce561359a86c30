package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ScriptedPlugin;

@QuarkusTest
class TimeoutsCancelTheAttemptTest {

    @Inject
    ScriptedPlugin plugin;

    @Test
    void anAttemptPastItsTimeoutIsCancelledAndRetried() {
        String p = Api.project();
        Api.scripted(p, "hangs", "{\"retries\": 1, \"timeout\": \"PT1S\"}");
        String id = Api.runScript(p, "hangs", "hang", "hang");
        JsonPath e = Api.await(id);
        assertEquals("TIMED_OUT", e.getString("phase"));
        assertEquals(List.of("TIMED_OUT", "TIMED_OUT"), e.getList("attempts.phase"));
        assertEquals(List.of("none", "user"), e.getList("attempts.budget"));
        assertEquals(2, plugin.cancels(id), "each timed-out attempt was cancelled");
        // from the recorded times, no wall-clock window: each attempt ran at least its timeout, ended
        // no sooner than its recorded deadline, and the retry started after the first ended
        Instant previousEnd = Instant.MIN;
        for (Map<String, Object> a : e.<Map<String, Object>>getList("attempts")) {
            Instant started = Instant.parse((String) a.get("startedAt"));
            Instant ended = Instant.parse((String) a.get("endedAt"));
            long ran = Duration.between(started, ended).toMillis();
            assertTrue(ran >= 1000, "attempt ran " + ran + " ms for a 1 s timeout");
            assertTrue(!ended.isBefore(Instant.parse((String) a.get("deadline"))), "ended " + ended + " before its deadline " + a);
            assertTrue(started.isAfter(previousEnd) || started.equals(previousEnd), "attempts overlap: " + a);
            previousEnd = ended;
        }
        assertEquals("TIMEOUT", e.getString("error.code"));
    }

    @Test
    void aDeadlineEndsTheExecutionWithoutRetry() {
        String p = Api.project();
        Api.scripted(p, "deadline", "{\"retries\": 3, \"timeout\": \"PT30S\", \"deadline\": \"PT1S\"}");
        String id = Api.runScript(p, "deadline", "hang", "hang");
        JsonPath e = Api.await(id);
        assertEquals("TIMED_OUT", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("DEADLINE", e.getString("error.code"));
        assertEquals(1, plugin.cancels(id));
    }
}
