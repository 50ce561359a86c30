package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.plugin.batch.FakeBatch;

/**
 * The batch task type across real Kite processes ({@code kill -9} and restarts) against
 * {@link FakeBatch} in this JVM: a process killed after SubmitJob reached Batch but before the job id
 * came back (so before the engine could persist it) leaves exactly one job, which the restarted
 * process re-attaches to by name; and a job definition Kite registered is found again after a
 * restart instead of being registered a second time.
 */
class BatchJobsAcrossRestartsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("batch");

    private FakeBatch fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeBatch();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private KiteProcess launch(String node) {
        return fixture.start(node, Map.of(
                "kite.batch.region", "eu-west-1",
                "kite.batch.endpoint-override", fake.endpoint().toString(),
                "kite.batch.access-key-id-secret", "batch-access",
                "kite.batch.secret-access-key-secret", "batch-secret",
                "kite.secrets.\"batch-access\"", "AKIDBATCHRESTARTIT",
                "kite.secrets.\"batch-secret\"", "batch-restart-it-secret-key",
                "kite.batch.describe-rate-per-second", "20"));
    }

    private static void register(KiteProcess kite, String project, String name, String config) {
        KiteProcess.Reply r = kite.post("/api/v1/tasks", """
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "batch", "metadata": {"retries": 0}, "config": %s}
                """.formatted(project, name, config));
        assertEquals(201, r.status(), String.valueOf(r.body()));
    }

    private static String submit(KiteProcess kite, String project, String name) {
        KiteProcess.Reply r = kite.post("/api/v1/executions", """
                {"task": {"project": "%s", "domain": "development", "name": "%s"}}""".formatted(project, name));
        assertEquals(202, r.status(), String.valueOf(r.body()));
        return r.body().get("id").asText();
    }

    private List<FakeBatch.Call> submits(String execution) {
        return fake.calls("submitjob").stream()
                .filter(c -> c.body().path("tags").path("kite:execution").asText().equals(execution)).toList();
    }

    @Test
    void aKillBetweenSubmitJobAndTheHandleLeavesOneJobThatTheRestartedProcessReattaches() {
        String node = KiteProcess.newNodeId("batch");
        KiteProcess kite = launch(node);
        String p = kite.project();
        register(kite, p, "train", "{\"queue\": \"gpu-queue\", \"jobDefinition\": \"trainer:3\", \"command\": [\"train\"]}");

        fake.stallSubmits(true); // Batch creates the job; its answer (the job id) does not come back
        String id = submit(kite, p, "train");
        Poll.until(WAIT, "SubmitJob of " + id + " to reach Batch", () -> !submits(id).isEmpty());
        JsonNode attempt = kite.execution(id).path("attempts").path(0);
        assertTrue(attempt.path("handle").isNull() || attempt.path("handle").isMissingNode(),
                "no job id persisted yet: " + attempt);
        kite.kill();
        fake.stallSubmits(false);
        String jobName = submits(id).get(0).body().path("jobName").asText();
        assertEquals(attempt.path("name").asText(), jobName, "the job is named after the attempt");

        kite = launch(node); // the same node resumes its executions at once
        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("SUCCEEDED", e.path("phase").asText(), e.toString());
        assertEquals(1, submits(id).size(), "exactly one SubmitJob: " + fake.calls("submitjob"));
        assertEquals(1, e.path("attempts").size(), "the same attempt went on, no retry: " + e);
        String jobId = e.path("attempts").path(0).path("handle").path("jobId").asText();
        assertEquals(jobName, fake.request(jobId).path("jobName").asText(), "re-attached to the job Batch created");
        long lookups = fake.calls("listjobs").stream()
                .filter(c -> c.body().path("filters").path(0).path("values").path(0).asText().equals(jobName)).count();
        assertEquals(2, lookups, "looked for the job by name before submitting, and again after the restart");
    }

    @Test
    void aJobDefinitionKiteRegisteredIsFoundAgainAfterARestart() {
        String node = KiteProcess.newNodeId("batch-def");
        KiteProcess kite = launch(node);
        String p = kite.project();
        String config = "{\"queue\": \"cpu-queue\", \"image\": \"acme/train:1.4\", \"vcpus\": 2, \"memory\": 4096,"
                + " \"role\": \"arn:aws:iam::123456789012:role/trainer\"}";
        register(kite, p, "train", config);
        String first = submit(kite, p, "train");
        assertEquals("SUCCEEDED", kite.awaitEnd(first, WAIT).path("phase").asText());
        assertEquals(1, fake.calls("registerjobdefinition").size());

        kite.stop();
        kite = launch(node); // a new process: nothing of the first one's memory
        String second = submit(kite, p, "train");
        assertEquals("SUCCEEDED", kite.awaitEnd(second, WAIT).path("phase").asText());

        assertEquals(1, fake.calls("registerjobdefinition").size(), "registered once across the restart");
        String name = fake.calls("registerjobdefinition").get(0).body().path("jobDefinitionName").asText();
        assertTrue(name.matches("kite-[0-9a-f]{32}"), name);
        assertEquals(name + ":1", submits(first).get(0).body().path("jobDefinition").asText());
        assertEquals(name + ":1", submits(second).get(0).body().path("jobDefinition").asText());
        assertEquals(2, fake.calls("describejobdefinitions").size(), "each process looked the definition up once");
    }
}
