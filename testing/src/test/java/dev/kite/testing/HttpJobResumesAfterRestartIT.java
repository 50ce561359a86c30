package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The built-in {@code http-job} task type across a {@code kill -9}: the restarted Kite resumes
 * polling the job through the persisted handle and never submits it again.
 */
class HttpJobResumesAfterRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("httpjob");

    @Test
    void restartMidJobResumesPollingWithOneSubmit() {
        JobServer jobs = fixture.jobs();
        String node = KiteProcess.newNodeId("httpjob");
        KiteProcess kite = fixture.start(node);
        String p = kite.project();
        String template = """
                {"id": {"project": "%s", "domain": "development", "name": "remote", "version": "v1"},
                 "type": "http-job",
                 "interface": {"inputs": {"name": {"type": "string"}, "n": {"type": "integer"}},
                               "outputs": {"n": {"type": "integer"}}},
                 "metadata": {"retries": 0},
                 "config": {
                   "submit": {"method": "POST", "url": "%s/jobs",
                              "body": {"name": "{{.inputs.name}}", "inputs": {"n": "{{.inputs.n}}"}}},
                   "job": {"id": "/id"},
                   "status": {"url": "%s/jobs/{{.job.id}}", "pointer": "/state",
                              "done": ["SUCCEEDED"], "failed": ["FAILED", "CANCELLED"]},
                   "outputs": {"n": "/outputs/n"}}}
                """.formatted(p, jobs.url(), jobs.url());
        KiteProcess.Reply registered = kite.post("/api/v1/tasks", template);
        assertEquals(201, registered.status(), "register: " + registered.body());
        String jobName = "remote-" + p;
        KiteProcess.Reply submitted = kite.post("/api/v1/executions", """
                {"task": {"project": "%s", "domain": "development", "name": "remote"}, "inputs": {"name": "%s", "n": 7}}
                """.formatted(p, jobName));
        assertEquals(202, submitted.status(), "submit: " + submitted.body());
        String id = submitted.body().get("id").asText();

        kite.awaitHandle(id, 0, WAIT);
        assertEquals(1, jobs.submissions(jobName), "the job server saw the submission");
        kite.kill();

        kite = fixture.start(node);
        jobs.succeed(jobName);
        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("SUCCEEDED", e.path("phase").asText(), e.toString());
        assertEquals(7, e.path("outputs").path("n").asInt());
        assertEquals(1, e.path("attempts").size(), "the attempt was resumed, not retried");
        assertEquals(1, jobs.submissions(jobName), "never submitted again");
    }
}
