package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Aborting a running async execution cancels the remote job through the plugin — also when the
 * abort arrives while the submission is still in flight — and a second abort changes nothing.
 */
class AbortReachesJobServerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KiteFixture FIXTURE = KiteFixture.sharedPostgres("abort");

    private static JobServer jobs;
    private static KiteProcess kite;
    private static String project;

    /** The task's largest backoff between attempts. */
    private static final Duration MAX_BACKOFF = Duration.ofMillis(200);
    /** Longer than the largest backoff and several sweeps (200 ms): a retry would have shown by then. */
    private static final Duration QUIET = MAX_BACKOFF.multipliedBy(5);

    @BeforeAll
    static void start() {
        jobs = FIXTURE.jobs();
        kite = FIXTURE.start(KiteProcess.newNodeId("abort"));
        project = kite.project();
        // a retry would come within MAX_BACKOFF: "no retry after an abort" is watched for longer than that
        kite.registerJobTask(project, "job", "{\"retries\": 3, \"retryBackoff\": {\"initial\": \"PT0.1S\", \"max\": \"PT"
                + MAX_BACKOFF.toMillis() / 1000.0 + "S\"}}", "{}");
    }

    @Test
    void abortOfARunningAttemptCancelsTheJob() {
        String id = kite.submit(project, "job", 1);
        String name = kite.awaitHandle(id, 0, WAIT).get("name").asText();

        KiteProcess.Reply aborted = kite.post("/api/v1/executions/" + id + "/abort", "");
        assertEquals(200, aborted.status(), String.valueOf(aborted.body()));
        assertEquals("ABORTED", aborted.body().get("phase").asText());
        assertEquals("ABORTED", aborted.body().at("/attempts/0/phase").asText());
        assertEquals(1, jobs.cancellations(name), "the job server was told to cancel before the abort answered");
        assertEquals(JobServer.State.CANCELLED, jobs.job(name).state());

        KiteProcess.Reply again = kite.post("/api/v1/executions/" + id + "/abort", "");
        assertEquals(200, again.status());
        assertEquals("ABORTED", again.body().get("phase").asText());
        // before: checked milliseconds after the abort, sooner than any retry could have come
        Poll.quietFor(QUIET);
        JsonNode later = kite.execution(id);
        assertEquals("ABORTED", later.get("phase").asText());
        assertEquals(1, later.get("attempts").size(), "no retry after an abort");
        assertEquals(1, jobs.cancellations(name), "a second abort has no second effect");
        assertEquals(1, jobs.submissions(name));
    }

    @Test
    void abortDuringTheSubmissionCancelsTheJobOnceItsHandleArrives() {
        jobs.holdSubmissions();
        try {
            String id = kite.submit(project, "job", 2);
            String name = kite.awaitAttempt(id, 0, WAIT).get("name").asText();
            Poll.until(WAIT, "the job server to receive the submission", () -> jobs.submissions(name) == 1);

            KiteProcess.Reply aborted = kite.post("/api/v1/executions/" + id + "/abort", "");
            assertEquals(200, aborted.status(), String.valueOf(aborted.body()));
            assertEquals("ABORTED", aborted.body().get("phase").asText());

            jobs.release(); // the submission answers now, after the abort
            Poll.until(WAIT, "the late job to be cancelled", () -> jobs.cancellations(name) == 1);
            Poll.quietFor(QUIET);
            assertEquals(JobServer.State.CANCELLED, jobs.job(name).state());
            JsonNode e = kite.execution(id);
            assertEquals("ABORTED", e.get("phase").asText());
            assertEquals(1, e.get("attempts").size());
            assertEquals(1, jobs.submissions(name));
        } finally {
            jobs.release();
        }
    }
}
