package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;

/** Attempts of a sync plugin, their ends, and retries per budget and backoff. */
class AttemptsAndRetriesTest {

    private final Floor floor = new Floor();

    @Test
    void aSuccessfulAttemptIsPersistedQueuedRunningSucceeded() {
        floor.script.succeed(7);
        UUID id = floor.submit(floor.task("{}"), 7);
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED"), floor.store.phases(id));
        assertEquals(7, Floor.json(floor.row(id).outputs()).path("value").asInt());
        assertEquals("DISABLED", floor.row(id).cacheStatus());
        assertTrue(floor.row(id).done());
        assertEquals(0, floor.gauge("kite_engine_active"), "the slot is given back");
    }

    @Test
    void outputsThatDoNotMatchTheInterfaceFailWithoutRetry() {
        floor.script.answer(TaskResult.succeeded(JsonNodeFactory.instance.objectNode().put("value", "seven"))).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 3}"), 0);
        assertEquals("FAILED", floor.phase(id));
        assertEquals("OUTPUT_MISMATCH", floor.error(id).path("code").asText());
        assertEquals(1, floor.attempts(id).size(), "a mismatch is not recoverable");
    }

    @Test
    void aUserRecoverableErrorIsRetriedAfterTheBackoff() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "try again")).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 2}"), 1);
        assertEquals("RUNNING", floor.phase(id));
        assertEquals(1, floor.script.calls(id), "no second attempt before the backoff");
        assertTrue(floor.row(id).nextAt() != null, "the next attempt's time is persisted");
        floor.advance(99);
        assertEquals(1, floor.script.calls(id));
        floor.advance(1);
        assertEquals(2, floor.script.calls(id));
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("user", floor.attempts(id).get(1).path("budget").asText());
    }

    @Test
    void retriesExhaustedEndsFailedWithTheReason() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "no luck")).fail(TaskError.userRecoverable("FLAKY", "no luck"));
        UUID id = floor.submit(floor.task("{\"retries\": 1}"), 1);
        floor.advance(1_000);
        assertEquals("FAILED", floor.phase(id));
        assertEquals("retries exhausted: 1 user retry used (of 1); last error: no luck", floor.error(id).path("message").asText());
        assertEquals(2, floor.script.calls(id));
    }

    @Test
    void systemErrorsAreRetriedOnTheSystemBudgetEvenWithoutTaskRetries() {
        floor.script.fail(TaskError.system("DOWN", "down")).fail(TaskError.system("DOWN", "down")).succeed(3);
        UUID id = floor.submit(floor.task("{\"retries\": 0}"), 3);
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals(3, floor.script.calls(id));
        assertEquals(2, floor.counter("kite_retries_total", "budget", "system"), 0.0);
    }

    @Test
    void anAttemptAfterTheSystemBudgetIsSpentIsNotInterruptible() {
        floor.script.fail(TaskError.system("DOWN", "down")).fail(TaskError.system("DOWN", "down"))
                .fail(TaskError.userRecoverable("FLAKY", "again")).succeed(3);
        UUID id = floor.submit(floor.task("{\"interruptible\": true, \"retries\": 1}"), 3);
        floor.advance(2_000);
        var attempts = floor.attempts(id);
        assertEquals(4, attempts.size());
        assertTrue(attempts.get(2).path("interruptible").asBoolean(), "the last system retry itself may still be preempted");
        assertEquals(false, attempts.get(3).path("interruptible").asBoolean(), "a preemption now could not be retried");
    }

    @Test
    void aPluginThatThrowsFailsItsAttemptAsASystemError() {
        floor.script.raise(new IllegalStateException("boom")).succeed(2);
        UUID id = floor.submit(floor.task("{}"), 2);
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("PLUGIN_ERROR", floor.attempts(id).get(0).path("error").path("code").asText());
    }

    @Test
    void aNonRecoverableErrorFailsAtOnce() {
        floor.script.fail(TaskError.user("BAD", "bad input")).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 5}"), 1);
        assertEquals("FAILED", floor.phase(id));
        assertEquals(1, floor.script.calls(id));
        assertEquals("non-recoverable USER error: bad input", floor.error(id).path("message").asText());
    }

    @Test
    void aTaskTypeWithoutPluginFailsBeforeAnyAttempt() {
        UUID id = floor.submit(floor.task("p", "nothing-runs-this", "{}"), 1);
        assertEquals("FAILED", floor.phase(id));
        assertEquals("NO_PLUGIN", floor.error(id).path("code").asText());
        assertEquals(0, floor.attempts(id).size());
    }

    @Test
    void theRetryEventNamesTheNextAttemptAndItsBudget() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again")).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 1}"), 1);
        floor.advance(100);
        assertEquals(List.of("QUEUED", "RUNNING", "FAILED", "RETRY_SCHEDULED", "RUNNING", "SUCCEEDED", "SUCCEEDED"),
                floor.store.eventPhases(id));
    }
}
