package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskResult;
import dev.kite.store.ExecutionRow;

/** The idempotent-name decision, the reply row, and waiters that give up without harm. */
class SubmissionAndWaitersTest {

    private final Floor floor = new Floor();

    @Test
    void theReplyIsTheExecutionAsWritten() {
        Submitted s = floor.submitNamed(floor.task("{}"), 1, "mine");
        assertEquals(Submitted.Outcome.CREATED, s.outcome());
        ExecutionRow written = floor.row(s.id());
        assertEquals(written.inputs(), s.row().inputs());
        assertEquals("mine", s.row().clientName());
        assertEquals("QUEUED", s.row().phase());
        assertEquals(written.startTime(), s.row().startTime());
    }

    @Test
    void theSameNameWithTheSameTaskAndInputsAnswersTheExistingExecution() {
        var task = floor.task("{}");
        Submitted first = floor.submitNamed(task, 1, "nightly");
        Submitted again = floor.submitNamed(task, 1, "nightly");
        assertEquals(Submitted.Outcome.EXISTING, again.outcome());
        assertEquals(first.id(), again.id());
        assertEquals(1, floor.store.all().size());
    }

    @Test
    void theSameNameWithOtherInputsIsAConflict() {
        var task = floor.task("{}");
        Submitted first = floor.submitNamed(task, 1, "nightly");
        Submitted other = floor.submitNamed(task, 2, "nightly");
        assertEquals(Submitted.Outcome.CONFLICT, other.outcome());
        assertEquals(first.id(), other.id(), "the conflict names the existing execution");
    }

    @Test
    void aWaiterThatGivesUpDoesNotCutOffTheOthers() throws Exception {
        UUID id = floor.submit(floor.task("{}"), 1);
        var shortWait = floor.core.awaitEnd(id, Duration.ofMillis(10)).subscribeAsCompletionStage();
        var longWait = floor.core.awaitEnd(id, Duration.ofSeconds(30)).subscribeAsCompletionStage();
        assertEquals(Optional.empty(), shortWait.get(), "the short wait timed out with nothing");
        assertFalse(longWait.isDone());
        floor.script.complete(id, TaskResult.succeeded(TestPlugins.out(1)));
        Optional<ExecutionRow> end = longWait.get();
        assertTrue(end.isPresent(), "the long wait is answered with the final row");
        assertEquals("SUCCEEDED", end.get().phase());
    }

    @Test
    void aWaitJustAfterTheEndIsAnsweredWithoutARead() throws Exception {
        UUID id = floor.submit(floor.task("{}"), 1);
        floor.script.complete(id, TaskResult.succeeded(TestPlugins.out(1)));
        int reads = floor.store.finds;
        Optional<ExecutionRow> end = floor.core.awaitEnd(id, Duration.ofSeconds(30)).subscribeAsCompletionStage().get();
        assertEquals("SUCCEEDED", end.orElseThrow().phase());
        assertEquals(floor.row(id).outputs(), end.get().outputs(), "the final row as written");
        assertEquals(reads, floor.store.finds, "answered from the ended row kept in memory");

        floor.advance(RecentEnds.KEEP.toMillis() + 1);
        end = floor.core.awaitEnd(id, Duration.ofSeconds(30)).subscribeAsCompletionStage().get();
        assertEquals("SUCCEEDED", end.orElseThrow().phase(), "later: the done row as read");
        assertEquals(reads + 1, floor.store.finds, "read once");

        Floor other = floor.another("other");
        end = other.core.awaitEnd(id, Duration.ofSeconds(30)).subscribeAsCompletionStage().get();
        assertEquals("SUCCEEDED", end.orElseThrow().phase(), "another process reads it");
    }

    @Test
    void anExecutionWaitingForTheCacheStillEndsAfterAWaiterGaveUp() throws Exception {
        var task = floor.task("{\"cache\": {\"version\": \"1\", \"serialize\": true}}");
        UUID holder = floor.submit(task, 5);
        UUID waiter = floor.submit(task, 5);
        floor.core.awaitEnd(waiter, Duration.ofMillis(10)).subscribeAsCompletionStage().get();
        floor.script.complete(holder, TaskResult.succeeded(TestPlugins.out(5)));
        floor.advance(100);
        assertEquals("SUCCEEDED", floor.phase(waiter));
        assertEquals(0, floor.gauge("kite_engine_active"), "no slot is held after the end");
    }
}
