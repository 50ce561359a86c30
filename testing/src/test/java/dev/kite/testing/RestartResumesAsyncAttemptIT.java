package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Kite process killed with {@code kill -9} in the middle of an async attempt: the attempt is
 * re-attached through its persisted handle — by the same node restarted, or by another node once
 * the dead one's lease has expired — and completes with exactly one submission to the remote system.
 */
class RestartResumesAsyncAttemptIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("restart");

    private KiteProcess kite;

    @Test
    void sameNodeRestartedResumesItsAttempt() {
        String node = KiteProcess.newNodeId("restart");
        kite = fixture.start(node);
        Running running = submitAndKill();

        kite = fixture.start(node);
        assertCompletesOnce(running, node);
    }

    @Test
    void newNodeTakesTheOrphanOverAfterTheLease() {
        String dead = KiteProcess.newNodeId("dead");
        kite = fixture.start(dead);
        Running running = submitAndKill();

        String heir = KiteProcess.newNodeId("heir");
        kite = fixture.start(heir);
        Poll.until(WAIT, "the orphan to be taken over by " + heir,
                () -> heir.equals(kite.execution(running.id).path("owner").asText()));
        assertCompletesOnce(running, heir);
    }

    private record Running(String id, String jobName) {
    }

    /** Submits a job that runs until the test ends it, waits for its handle to be persisted, kills Kite. */
    private Running submitAndKill() {
        String p = kite.project();
        kite.registerJobTask(p, "job", "{\"retries\": 0}", "{}");
        String id = kite.submit(p, "job", 7);
        JsonNode attempt = kite.awaitHandle(id, 0, WAIT);
        String name = attempt.get("name").asText();
        assertEquals(1, fixture.jobs().submissions(name), "the job server saw the submission");

        kite.kill();
        assertEquals(JobServer.State.RUNNING, fixture.jobs().job(name).state(), "the job outlives the Kite process");
        return new Running(id, name);
    }

    private void assertCompletesOnce(Running running, String owner) {
        JobServer jobs = fixture.jobs();
        // the re-attached attempt polls the job: it stays RUNNING until the job ends
        assertEquals("RUNNING", kite.execution(running.id).get("phase").asText());
        jobs.succeed(running.jobName);

        JsonNode e = kite.awaitEnd(running.id, WAIT);
        assertEquals("SUCCEEDED", e.get("phase").asText(), e.toString());
        assertEquals(7, e.path("outputs").path("n").asInt());
        assertEquals(1, e.get("attempts").size(), "no new attempt: the running one was re-attached");
        assertEquals(owner, e.get("owner").asText());
        assertEquals(1, jobs.submissions(running.jobName), "submitted exactly once");
        assertEquals(0, jobs.cancellations(running.jobName));
        assertEquals(1, jobs.jobs(), "nothing else ran");
    }
}
