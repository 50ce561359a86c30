package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code metadata.timeout} ends an attempt on time and cancels its remote job, then a retry runs
 * under a new name if the user budget allows; {@code metadata.deadline} ends the whole execution
 * with no retry.
 */
class TimeoutCancelsRemoteJobIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KiteFixture FIXTURE = KiteFixture.sharedPostgres("timeout");

    private static JobServer jobs;
    private static KiteProcess kite;
    private static String project;

    @BeforeAll
    static void start() {
        jobs = FIXTURE.jobs();
        kite = FIXTURE.start(KiteProcess.newNodeId("timeout"));
        project = kite.project();
    }

    @AfterEach
    void jobsRunAsConfigured() {
        jobs.succeedNewJobsAtOnce(false);
    }

    @Test
    void timedOutAttemptIsCancelledAndRetriedUnderANewName() {
        kite.registerJobTask(project, "retried", """
                {"retries": 1, "timeout": "PT2S",
                 "retryBackoff": {"initial": "PT0.2S", "max": "PT1S", "factor": 2.0, "jitter": 0}}""", "{}");
        String id = kite.submit(project, "retried", 3);
        String first = firstJob(id);
        jobs.succeedNewJobsAtOnce(true); // the first job runs until cancelled, the retry's job ends at once

        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("SUCCEEDED", e.get("phase").asText(), e.toString());
        assertEquals(3, e.at("/outputs/n").asInt());
        JsonNode timedOut = e.at("/attempts/0");
        JsonNode retry = e.at("/attempts/1");
        assertEquals("TIMED_OUT", timedOut.get("phase").asText());
        assertEquals("TIMEOUT", timedOut.at("/error/code").asText());
        assertOnTime(timedOut);
        assertEquals(1, jobs.cancellations(first), "the timed-out job was cancelled once");
        assertEquals(JobServer.State.CANCELLED, jobs.job(first).state());

        assertEquals("SUCCEEDED", retry.get("phase").asText());
        assertEquals("user", retry.get("budget").asText());
        String second = retry.get("name").asText();
        assertNotEquals(first, second, "each attempt has its own generated name");
        assertEquals(1, jobs.submissions(first));
        assertEquals(1, jobs.submissions(second));
        assertEquals(2, e.get("attempts").size());
    }

    @Test
    void timeoutWithoutRetriesEndsTheExecutionTimedOut() {
        kite.registerJobTask(project, "once", "{\"retries\": 0, \"timeout\": \"PT2S\"}", "{}");
        String id = kite.submit(project, "once", 4);
        String name = firstJob(id);

        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("TIMED_OUT", e.get("phase").asText(), e.toString());
        assertEquals(1, e.get("attempts").size());
        assertEquals("TIMED_OUT", e.at("/attempts/0/phase").asText());
        assertOnTime(e.at("/attempts/0"));
        assertEquals(1, jobs.cancellations(name));
        assertEquals(1, jobs.submissions(name));
    }

    @Test
    void deadlineEndsTheExecutionWithoutRetry() {
        kite.registerJobTask(project, "bounded", "{\"retries\": 3, \"deadline\": \"PT2S\"}", "{}");
        String id = kite.submit(project, "bounded", 5);
        String name = firstJob(id);

        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("TIMED_OUT", e.get("phase").asText(), e.toString());
        assertEquals("DEADLINE", e.at("/error/code").asText());
        assertEquals(1, e.get("attempts").size(), "a deadline is final: no retry");
        Instant deadline = Instant.parse(e.get("deadline").asText());
        Instant ended = Instant.parse(e.at("/attempts/0/endedAt").asText());
        assertLate(deadline, ended);
        assertLate(deadline, cancelledAt(name));
        assertEquals(1, jobs.cancellations(name));
        assertEquals(1, jobs.submissions(name));
    }

    /** The name of the first attempt's job, once the job server has it. */
    private static String firstJob(String id) {
        String name = kite.awaitAttempt(id, 0, WAIT).get("name").asText();
        Poll.until(WAIT, "the job server to receive " + name, () -> jobs.job(name) != null);
        return name;
    }

    /** The attempt ended, and its job was cancelled, no later than allowed after its deadline. */
    private static void assertOnTime(JsonNode attempt) {
        Instant deadline = Instant.parse(attempt.get("deadline").asText());
        assertLate(deadline, Instant.parse(attempt.get("endedAt").asText()));
        assertLate(deadline, cancelledAt(attempt.get("name").asText()));
    }

    private static Instant cancelledAt(String name) {
        return Poll.until(WAIT, "the job server to see " + name + " cancelled", () -> jobs.job(name).cancelledAt);
    }

    /**
     * Order from recorded times only, not a window: nothing ends or is cancelled before its
     * deadline (Kite's timers round up to the millisecond). That the timeout fires in time is
     * shown by the outcome: the job would have succeeded had it not. (Before: 50 ms early was
     * allowed, and a 2 s late bound went red on a busy box.)
     */
    private static void assertLate(Instant deadline, Instant at) {
        assertTrue(!at.isBefore(deadline), at + " is before the deadline " + deadline);
    }
}
