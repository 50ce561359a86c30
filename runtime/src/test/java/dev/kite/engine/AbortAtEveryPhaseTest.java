package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;

/** An abort at each phase ends the execution ABORTED, stops its work, and nothing follows. */
class AbortAtEveryPhaseTest {

    private final Floor floor = new Floor();

    @Test
    void whileQueuedThePluginIsNeverCalled() {
        Floor one = new Floor(Map.of("kite.engine.max-concurrent", "1"));
        one.submit(one.task("{}"), 1);
        UUID queued = one.submit(one.task("{}"), 2);
        one.abort(queued);
        assertEquals(List.of("QUEUED", "ABORTED"), one.store.phases(queued));
        assertEquals(0, one.script.calls(queued));
        assertEquals(0, one.gauge("kite_engine_queued"));
    }

    @Test
    void whileRunningTheWorkIsCancelled() {
        UUID id = floor.submit(floor.task("{}"), 1);
        floor.abort(id);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals("ABORTED", floor.attempts(id).get(0).path("phase").asText());
        assertEquals(1, floor.script.cancelled);
        assertEquals(0, floor.gauge("kite_engine_active"));
    }

    @Test
    void whileWaitingForARetryNoFurtherAttemptStarts() {
        floor.script.fail(TaskError.userRecoverable("FLAKY", "again"));
        UUID id = floor.submit(floor.task("{\"retries\": 3}"), 1);
        floor.abort(id);
        floor.advance(10_000);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals(1, floor.script.calls(id));
    }

    @Test
    void whileWaitingForTheCacheTheReservationIsLeftToItsHolder() {
        var task = floor.task("{\"cache\": {\"version\": \"1\", \"serialize\": true}}");
        UUID holder = floor.submit(task, 5);
        UUID waiter = floor.submit(task, 5);
        assertEquals("WAITING_FOR_CACHE", floor.phase(waiter));
        floor.abort(waiter);
        assertEquals("ABORTED", floor.phase(waiter));
        assertEquals(holder, floor.cache.reservations.values().iterator().next(), "the holder keeps its reservation");
        floor.advance(1_000);
        assertEquals(0, floor.script.calls(waiter), "an aborted waiter never runs");
    }

    @Test
    void anAsyncAttemptIsCancelledThroughItsHandle() {
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 1);
        floor.abort(id);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals(List.of(floor.attempts(id).get(0).path("name").asText()), floor.remote.cancelled);
    }

    @Test
    void anAbortOfAFinishedExecutionChangesNothing() {
        floor.script.succeed(1);
        UUID id = floor.submit(floor.task("{}"), 1);
        floor.abort(id);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED"), floor.store.phases(id));
    }

    @Test
    void anAbortRacingTheEndLeavesExactlyOneEnd() {
        UUID id = floor.submit(floor.task("{}"), 1);
        floor.abort(id);
        floor.script.hanging.values().forEach(em -> em.complete(TaskResult.succeeded(TestPlugins.out(1))));
        assertEquals(List.of("QUEUED", "RUNNING", "ABORTED"), floor.store.phases(id));
        assertEquals(1.0, floor.counter("kite_executions_total", "phase", "ABORTED"));
        assertEquals(0.0, floor.counter("kite_executions_total", "phase", "SUCCEEDED"));
    }

    @Test
    void anExecutionDrivenByAnotherProcessIsAbortedThroughTheStore() {
        Floor other = floor.another("node-b");
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 1);
        other.abort(id);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals(1, other.remote.cancelled.size(), "the remote job was cancelled by the other process");
    }
}
