package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskError;

/** Attempt timeouts and execution deadlines, on the hand-driven clock. */
class TimeoutsAndDeadlinesTest {

    private final Floor floor = new Floor();

    @Test
    void anAttemptRunsUntilItsTimeoutAndNotAMillisecondLess() {
        UUID id = floor.submit(floor.task("{\"timeout\": \"PT1S\"}"), 1);
        floor.advance(999);
        assertEquals("RUNNING", floor.phase(id));
        floor.advance(1);
        assertEquals("TIMED_OUT", floor.phase(id));
        assertEquals("TIMEOUT", floor.error(id).path("code").asText());
    }

    @Test
    void aTimeoutCancelsTheAttemptsWork() {
        floor.submit(floor.task("{\"timeout\": \"PT1S\"}"), 1);
        floor.advance(1_000);
        assertEquals(1, floor.script.cancelled, "the hanging plugin call was cancelled");
        assertEquals(0, floor.gauge("kite_engine_active"));
    }

    @Test
    void aTimedOutAttemptIsRetriedOnTheUserBudget() {
        UUID id = floor.submit(floor.task("{\"timeout\": \"PT1S\", \"retries\": 1}"), 1);
        floor.advance(1_000);
        assertEquals("RUNNING", floor.phase(id), "a timeout is USER recoverable");
        floor.script.succeed(1);
        floor.advance(100);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("TIMED_OUT", floor.attempts(id).get(0).path("phase").asText());
        assertEquals("user", floor.attempts(id).get(1).path("budget").asText());
    }

    @Test
    void theDeadlineEndsARunningExecutionWithoutRetry() {
        UUID id = floor.submit(floor.task("{\"deadline\": \"PT2S\", \"retries\": 5}"), 1);
        floor.advance(2_000);
        assertEquals("TIMED_OUT", floor.phase(id));
        assertEquals("DEADLINE", floor.error(id).path("code").asText());
        floor.advance(10_000);
        assertEquals(1, floor.script.calls(id), "no attempt after the deadline");
    }

    @Test
    void theDeadlineEndsAnExecutionWaitingForItsNextAttempt() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again"));
        UUID id = floor.submit(floor.task("{\"deadline\": \"PT0.05S\", \"retries\": 5}"), 1);
        assertTrue(floor.row(id).nextAt() != null);
        floor.advance(50);
        assertEquals("TIMED_OUT", floor.phase(id));
        floor.advance(1_000);
        assertEquals(1, floor.script.calls(id), "the scheduled retry never starts");
    }

    @Test
    void theDeadlineRunsFromSubmissionAlsoWhileQueued() {
        Floor one = new Floor(Map.of("kite.engine.max-concurrent", "1"));
        UUID first = one.submit(one.task("{}"), 1);
        UUID queued = one.submit(one.task("p", "script", "{\"deadline\": \"PT1S\"}"), 2);
        assertEquals("QUEUED", one.phase(queued));
        one.advance(1_000);
        assertEquals("TIMED_OUT", one.phase(queued));
        assertEquals(0, one.script.calls(queued), "it never ran");
        assertEquals(List.of("QUEUED", "TIMED_OUT"), one.store.phases(queued));
        assertEquals("RUNNING", one.phase(first));
    }

    @Test
    void aRetryWaitsOutTheBackoffOfTheTasksOwnPolicy() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again")).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 1, \"retryBackoff\": {\"initial\": \"PT5S\", \"max\": \"PT1M\", \"jitter\": 0}}"), 1);
        floor.advance(4_999);
        assertEquals(1, floor.script.calls(id));
        floor.advance(1);
        assertEquals("SUCCEEDED", floor.phase(id));
    }
}
