package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskResult;

/**
 * Decision 0027: an in-process attempt runs at once; its RUNNING state is written only when it
 * outlives {@code kite.engine.running-write-delay}, else with its end. A remote attempt's RUNNING
 * is still written before it is submitted.
 */
class LateRunningWriteTest {

    private final Floor floor = new Floor(Map.of("kite.engine.running-write-delay", "100ms"));

    @Test
    void anAttemptThatEndsWithinTheDelayIsWrittenOnceWithItsWholeHistory() {
        floor.script.succeed(7);
        UUID id = floor.submit(floor.task("{}"), 7);
        assertEquals(List.of("QUEUED", "SUCCEEDED"), floor.store.phases(id), "RUNNING came with the end");
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED", "SUCCEEDED"), floor.store.eventPhases(id),
                "no event is lost: the attempt's start is in the history");
        assertEquals(1, floor.attempts(id).size());
        assertEquals("SUCCEEDED", floor.attempts(id).get(0).path("phase").asText());
        floor.advance(100);
        assertEquals(List.of("QUEUED", "SUCCEEDED"), floor.store.phases(id), "the late write of an ended attempt is not made");
    }

    @Test
    void anAttemptThatOutlivesTheDelayIsWrittenRunningThenItsEnd() {
        UUID id = floor.submit(floor.task("{}"), 0); // the script hangs: nothing queued
        assertEquals("QUEUED", floor.phase(id), "running, not yet written so");
        assertEquals(1, floor.script.calls(id), "the attempt started at once");
        floor.advance(100);
        assertEquals("RUNNING", floor.phase(id), "written once it outlived the delay");
        floor.script.complete(id, TaskResult.succeeded(TestPlugins.out(3)));
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED"), floor.store.phases(id));
        assertEquals(List.of("QUEUED", "RUNNING", "SUCCEEDED", "SUCCEEDED"), floor.store.eventPhases(id));
    }

    @Test
    void anAbortWithinTheDelayEndsTheRunAndCancelsItsWork() {
        UUID id = floor.submit(floor.task("{}"), 0);
        floor.abort(id);
        assertEquals("ABORTED", floor.phase(id));
        assertEquals(1, floor.script.cancelled);
        floor.advance(100);
        assertEquals(List.of("QUEUED", "ABORTED"), floor.store.phases(id));
    }

    @Test
    void aRemoteAttemptIsWrittenRunningBeforeItIsSubmitted() {
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 0);
        assertEquals(List.of("QUEUED", "RUNNING"), floor.store.phases(id).subList(0, 2));
    }
}
