package dev.kite.plugin.batch;

import static dev.kite.plugin.batch.BatchFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/** A batch attempt from submit to its end, against the fake Batch endpoint. */
class BatchJobLifecycleTest {

    static final TaskTemplate TASK = BatchFixture.task("{'queue': 'gpu-queue', 'jobDefinition': 'trainer:3',"
            + " 'command': ['python', 'train.py', '--epochs', '{{.inputs.epochs}}'], 'environment': {'MODE': 'm-{{.inputs.mode}}'},"
            + " 'vcpus': 2, 'memory': 4096}",
            "{'inputs': {'epochs': {'type': 'integer'}, 'mode': {'type': 'string'}}}");

    BatchFixture fx;
    BatchJobPlugin plugin;

    @BeforeEach
    void start() throws Exception {
        fx = new BatchFixture();
        plugin = fx.plugin();
    }

    @AfterEach
    void stop() {
        plugin.close();
        fx.close();
    }

    @Test
    void aJobGoesFromRunnableThroughRunningToSucceeded() {
        var a = fx.attempt(TASK, "{'epochs': 5, 'mode': 'fast'}", "kite-abc-0");
        BatchHandle h = plugin.submit(a).await().indefinitely();
        assertEquals("kite-abc-0", h.jobName());

        TaskStatus s1 = await(plugin.poll(a, h));
        assertEquals(TaskStatus.Phase.QUEUED, s1.phase());
        assertTrue(s1.message().contains("RUNNABLE"), s1.message());
        TaskStatus s2 = await(plugin.poll(a, h));
        assertEquals(TaskStatus.Phase.RUNNING, s2.phase());
        assertEquals(List.of("Batch console", "CloudWatch logs"), s2.links().stream().map(l -> l.name()).toList());
        assertEquals("https://eu-west-1.console.aws.amazon.com/batch/home?region=eu-west-1#jobs/detail/" + h.jobId(),
                s2.links().get(0).url().toString());
        assertTrue(s2.links().get(1).url().toString().startsWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/"
                + "home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/kite$252Fdefault$252F"
                + h.jobId()), s2.links().toString());
        assertEquals(List.of("Batch console"), s1.links().stream().map(l -> l.name()).toList(), "no log stream before it runs");
        TaskStatus s3 = await(plugin.poll(a, h));
        assertEquals(TaskStatus.Phase.SUCCEEDED, s3.phase());

        JsonNode req = fx.fake.request(h.jobId());
        assertEquals("gpu-queue", req.path("jobQueue").asText());
        assertEquals("trainer:3", req.path("jobDefinition").asText());
        assertEquals("[\"python\",\"train.py\",\"--epochs\",\"5\"]", req.path("containerOverrides").path("command").toString());
        assertEquals("[{\"name\":\"MODE\",\"value\":\"m-fast\"}]", req.path("containerOverrides").path("environment").toString());
        JsonNode resources = req.path("containerOverrides").path("resourceRequirements");
        assertEquals("VCPU=2 MEMORY=4096", resources.get(0).path("type").asText() + "=" + resources.get(0).path("value").asText()
                + " " + resources.get(1).path("type").asText() + "=" + resources.get(1).path("value").asText());
        assertEquals(1, req.path("retryStrategy").path("attempts").asInt());
        assertTrue(req.path("retryStrategy").path("evaluateOnExit").isMissingNode());
        assertEquals(Duration.ofHours(2).toSeconds(), req.path("timeout").path("attemptDurationSeconds").asLong());
        assertEquals(a.executionId().toString(), req.path("tags").path("kite:execution").asText());
        assertEquals("demo", req.path("tags").path("kite:project").asText());
        assertEquals("development", req.path("tags").path("kite:domain").asText());
        assertEquals("train@v1", req.path("tags").path("kite:task").asText());
        assertEquals("0", req.path("tags").path("kite:attempt").asText());
    }

    @Test
    void aResubmitWithTheSameNameReattachesInsteadOfSubmittingAgain() {
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-crash-0");
        BatchHandle first = plugin.submit(a).await().indefinitely();
        // Kite dies before persisting the handle: the resumed attempt submits again with the same name
        BatchJobPlugin restarted = fx.plugin();
        try {
            BatchHandle second = restarted.submit(a).await().indefinitely();
            assertEquals(first.jobId(), second.jobId());
            assertEquals(1, fx.fake.calls("submitjob").size());
            assertEquals("JOB_NAME", fx.fake.calls("listjobs").get(1).body().path("filters").path(0).path("name").asText());
            while (!await(restarted.poll(a, second)).phase().isTerminal()) {
                // RUNNABLE, RUNNING
            }
            assertEquals(TaskStatus.Phase.SUCCEEDED, await(restarted.poll(a, second)).phase());
        } finally {
            restarted.close();
        }
    }

    @Test
    void aLostSubmitAnswerIsNotRetriedByTheSdkAndTheNextSubmitReattaches() {
        fx.fake.loseSubmitAnswers(1); // Batch created the job, its answer (a 500) says nothing of it
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-lost-0");
        assertThrows(RuntimeException.class, () -> plugin.submit(a).await().indefinitely());
        assertEquals(1, fx.fake.calls("submitjob").size(), "the SDK did not send SubmitJob again");
        BatchHandle h = plugin.submit(a).await().indefinitely(); // the engine's next try
        assertEquals(1, fx.fake.calls("submitjob").size(), "re-attached by name instead");
        assertEquals("kite-lost-0", fx.fake.request(h.jobId()).path("jobName").asText());
    }

    @Test
    void aRetryOfASlowSubmitWaitsForItAndReattaches() throws Exception {
        fx.fake.delaySubmits(true); // the first SubmitJob has not reached Batch yet
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-slow-0");
        var first = plugin.submit(a).subscribeAsCompletionStage();
        while (fx.fake.calls("submitjob").isEmpty()) {
            Thread.sleep(10);
        }
        var retry = plugin.submit(a).subscribeAsCompletionStage(); // the engine's plugin timeout fired: it tries again
        Thread.sleep(300); // time for a retry that did not wait to list (empty) and submit a second job
        fx.fake.delaySubmits(false);
        BatchHandle h1 = first.get();
        BatchHandle h2 = retry.get();
        assertEquals(h1.jobId(), h2.jobId());
        assertEquals(1, fx.fake.calls("submitjob").size());
    }

    @Test
    void theTraceIsHandedToTheJob() {
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-traced-0")
                .traced("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        BatchHandle h = plugin.submit(a).await().indefinitely();
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                FakeBatch.env(fx.fake.request(h.jobId()), "TRACEPARENT"));
    }

    @Test
    void abortAndTimeoutTerminateTheJobNamingTheExecution() {
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-abort-0");
        BatchHandle h = plugin.submit(a).await().indefinitely();
        plugin.cancel(a, h).await().indefinitely();
        plugin.cancel(a, h).await().indefinitely(); // safe to repeat
        List<FakeBatch.Call> terminations = fx.fake.calls("terminatejob");
        assertEquals(2, terminations.size());
        assertEquals(h.jobId(), terminations.get(0).body().path("jobId").asText());
        assertTrue(terminations.get(0).body().path("reason").asText().contains(a.executionId().toString()));
    }

    @Test
    void aJobStuckInRunnablePastTheQueueTimeoutIsTerminated() {
        fx.fake.script("kite-stuck-0", FakeBatch.step("RUNNABLE"));
        var a = fx.attempt(TASK, "{'epochs': 1, 'mode': 'x'}", "kite-stuck-0");
        BatchHandle h = plugin.submit(a).await().indefinitely();
        assertEquals(TaskStatus.Phase.QUEUED, await(plugin.poll(a, h)).phase());
        fx.clock.advance(Duration.ofMinutes(29));
        assertEquals(TaskStatus.Phase.QUEUED, await(plugin.poll(a, h)).phase());
        assertTrue(fx.fake.calls("terminatejob").isEmpty());
        fx.clock.advance(Duration.ofMinutes(2));
        TaskStatus s = await(plugin.poll(a, h));
        assertEquals(TaskStatus.Phase.FAILED, s.phase());
        TaskError e = s.error();
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "QUEUE_TIMEOUT", e.message()), e);
        assertEquals(h.jobId(), fx.fake.calls("terminatejob").get(0).body().path("jobId").asText());
    }

    @Test
    void badConfigIsReportedWithFieldPaths() {
        TaskTemplate bad = BatchFixture.task("{'image': 'x', 'jobDefinition': 'y', 'platform': 'k8s',"
                + " 'command': ['{{.inputs.nope}}']}", "{}");
        var errors = new dev.kite.model.FieldErrors();
        plugin.validate(bad, BatchFixture.config(bad), errors);
        String text = errors.toString();
        assertTrue(text.contains("config.platform"), text);
        assertTrue(text.contains("config.image"), text);
        assertTrue(text.contains("config.command[0]"), text);
        assertFalse(text.contains("config.queue"), text); // the default queue applies
    }
}
