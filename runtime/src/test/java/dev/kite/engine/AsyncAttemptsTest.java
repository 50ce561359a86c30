package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/** Async attempts: submitted, polled with backoff until they end; failed polls; nudges. */
class AsyncAttemptsTest {

    private final Floor floor = new Floor();

    private String job(UUID id) {
        return floor.attempts(id).get(0).path("name").asText();
    }

    @Test
    void aSubmittedJobIsPolledUntilItSucceeds() {
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 4);
        assertEquals(List.of(job(id)), floor.remote.submitted);
        assertEquals(job(id), floor.attempts(id).get(0).path("handle").path("name").asText(), "the handle is persisted");
        assertTrue(floor.store.eventPhases(id).contains("SUBMITTED"));
        floor.advance(200);
        assertEquals(1, floor.remote.polls, "the first poll comes after kite.engine.poll-initial");
        floor.remote.status.put(job(id), TaskStatus.succeeded(TestPlugins.out(4)));
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        assertEquals(4, Floor.json(floor.row(id).outputs()).path("value").asInt());
    }

    @Test
    void pollsSpreadOutWhileTheJobRuns() {
        floor.submit(floor.task("p", "remote", "{}"), 1);
        floor.advance(200);
        assertEquals(1, floor.remote.polls);
        floor.advance(200);
        assertEquals(1, floor.remote.polls, "the second wait is longer than the first (200 ms × 1.5)");
        floor.advance(150);
        assertEquals(2, floor.remote.polls);
        floor.advance(10_000);
        assertTrue(floor.remote.polls < 12, "over 10 s the delay grows: " + floor.remote.polls + " polls");
    }

    @Test
    void aFailedJobFailsTheAttemptAndIsRetried() {
        UUID id = floor.submit(floor.task("p", "remote", "{\"retries\": 1}"), 1);
        floor.remote.status.put(job(id), TaskStatus.failed(TaskError.userRecoverable("JOB", "job failed")));
        floor.advance(200);
        assertEquals("RUNNING", floor.phase(id));
        floor.advance(100);
        assertEquals(2, floor.remote.submitted.size(), "the retry submits a new job under its own name");
        assertTrue(floor.remote.submitted.get(1).endsWith("-1"));
    }

    @Test
    void repeatedFailedPollsFailTheAttemptAsASystemError() {
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 1);
        floor.remote.failPolls = true;
        floor.advance(5_000);
        assertEquals("POLL_FAILED", floor.attempts(id).get(0).path("error").path("code").asText());
    }

    @Test
    void aNudgePollsAtOnce() {
        UUID id = floor.submit(floor.task("p", "remote", "{}"), 1);
        floor.remote.status.put(job(id), TaskStatus.succeeded(TestPlugins.out(1)));
        floor.core.nudge(id);
        floor.advance(1);
        assertEquals("SUCCEEDED", floor.phase(id), "without waiting for the poll timer");
    }
}
