package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.store.ExecutionRow;

/** Sweeps: takeover of a stopped process's executions from their persisted state, fencing, hand-back. */
class OwnershipTest {

    private final Floor floor = new Floor();

    /** A row as a process that stopped left it, owned by {@code owner}. */
    private UUID leftBehind(TaskTemplate t, String phase, String attempts, Instant nextAt, String owner) {
        UUID id = UUID.randomUUID();
        Instant at = floor.clock.now();
        floor.store.put(new ExecutionRow(id, t.id().project(), t.id().domain(), t.id().name(), t.id().version(), null, phase,
                false, "{\"value\":1}", null, null, attempts, null, null, null, false, Run.utc(at), 42, owner,
                nextAt == null ? null : Run.utc(nextAt), null, 1, Run.utc(at), Run.utc(at)), "[]");
        return id;
    }

    private static String running(String name, String handle) {
        return "[{\"number\":0,\"name\":\"" + name + "\",\"phase\":\"RUNNING\",\"budget\":\"none\",\"interruptible\":false,"
                + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"endedAt\":null,\"deadline\":\"2026-01-02T00:00:00Z\",\"error\":null,"
                + "\"handle\":" + handle + "}]";
    }

    @Test
    void aQueuedExecutionOfAStoppedProcessIsTakenOverAndRuns() {
        floor.script.succeed(1);
        UUID id = leftBehind(floor.task("{}"), "QUEUED", "[]", null, "stopped-node");
        floor.sweep();
        assertEquals("node-a", floor.row(id).owner());
        assertEquals("SUCCEEDED", floor.phase(id));
    }

    @Test
    void aLiveProcessKeepsItsExecutions() {
        Floor other = floor.another("node-b");
        other.sweep(); // node-b heartbeats
        UUID id = leftBehind(floor.task("{}"), "QUEUED", "[]", null, "node-b");
        floor.advance(10_000);
        floor.sweep();
        assertEquals("node-b", floor.row(id).owner(), "its lease has not expired");
        floor.advance(6_000);
        floor.sweep();
        assertEquals("node-a", floor.row(id).owner(), "15 s without heartbeat: taken over");
    }

    @Test
    void anInProcessAttemptLostWithItsProcessIsRetriedOnTheSystemBudget() {
        floor.script.succeed(1);
        UUID id = leftBehind(floor.task("{}"), "RUNNING", running("kite-x-0", "null"), null, "stopped-node");
        floor.sweep();
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        var attempts = floor.attempts(id);
        assertEquals("INTERRUPTED", attempts.get(0).path("error").path("code").asText());
        assertEquals("system", attempts.get(1).path("budget").asText());
    }

    @Test
    void aRemoteAttemptIsFollowedThroughItsHandleNotSubmittedAgain() {
        TaskTemplate t = floor.task("p", "remote", "{}");
        UUID id = leftBehind(t, "RUNNING", running("job-0", "{\"name\":\"job-0\"}"), null, "stopped-node");
        floor.remote.status.put("job-0", TaskStatus.succeeded(TestPlugins.out(9)));
        floor.sweep();
        floor.advance(1);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals(List.of(), floor.remote.submitted, "re-attached, not resubmitted");
    }

    @Test
    void aScheduledRetryIsKeptAfterTakeover() {
        floor.script.succeed(1);
        String failed = running("kite-x-0", "null").replace("\"RUNNING\"", "\"FAILED\"")
                .replace("\"error\":null", "\"error\":{\"kind\":\"USER\",\"recoverable\":true,\"code\":\"F\",\"message\":\"f\"}");
        UUID id = leftBehind(floor.task("{\"retries\": 1}"), "RUNNING", failed, floor.clock.now().plusSeconds(5), "stopped-node");
        floor.sweep();
        floor.advance(4_999);
        assertEquals(0, floor.script.calls(id), "not before the persisted next attempt");
        floor.advance(1);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals("user", floor.attempts(id).get(1).path("budget").asText());
    }

    @Test
    void aProcessThatLostAnExecutionDropsItsWorkAndSlot() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again"));
        UUID id = floor.submit(floor.task("{\"retries\": 3}"), 1);
        floor.store.reassign(id, "node-b");
        floor.advance(100); // the retry's write is fenced off
        assertEquals(1, floor.script.calls(id), "no attempt after the fenced write");
        assertEquals(0, floor.gauge("kite_engine_active"));
        assertEquals("node-b", floor.row(id).owner());
    }

    @Test
    void aRunHandedBackDuringADatabaseOutageIsResumedByTheNextSweep() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again")).succeed(1);
        UUID id = floor.submit(floor.task("{\"retries\": 1}"), 1);
        floor.store.down = true;
        floor.advance(100); // the next attempt cannot be persisted
        assertEquals(0, floor.gauge("kite_engine_active"), "handed back, not holding a slot");
        floor.store.down = false;
        floor.sweep();
        floor.advance(1);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertTrue(floor.script.calls(id) == 2);
    }
}
