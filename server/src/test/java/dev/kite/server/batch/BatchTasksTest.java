package dev.kite.server.batch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.plugin.batch.FakeBatch;
import dev.kite.server.Api;

/**
 * The {@code batch} task type end to end: REST → engine → the batch plugin's real AWS SDK client →
 * {@link FakeBatch} at the HTTP boundary (Batch's REST-JSON). Each job's course is scripted from
 * its SubmitJob request: the container command's second word names the scenario, and the
 * {@code kite:attempt} tag the attempt.
 */
@QuarkusTest
@WithTestResource(FakeBatchResource.class)
class BatchTasksTest {

    String project;

    @BeforeEach
    void start() {
        project = Api.project();
        FakeBatch fake = FakeBatchResource.fake();
        fake.scriptBySubmit(BatchTasksTest::scenario);
    }

    /** The steps of a job: by scenario (command[1]) and attempt (tag kite:attempt). */
    static List<ObjectNode> scenario(JsonNode submit) {
        String scenario = submit.path("containerOverrides").path("command").path(1).asText();
        int attempt = submit.path("tags").path("kite:attempt").asInt();
        return switch (scenario) {
            case "exits-1" -> List.of(FakeBatch.step("RUNNABLE"), FakeBatch.step("RUNNING"),
                    FakeBatch.failed("Essential container in task exited", 1, null));
            case "spot-then-ok" -> attempt == 0
                    ? List.of(FakeBatch.step("RUNNING"), FakeBatch.failed("Host EC2 (instance i-0abc) terminated.", null, null))
                    : FakeBatch.SUCCEEDS;
            case "hangs-then-ok" -> attempt == 0 ? List.of(FakeBatch.step("RUNNABLE"), FakeBatch.step("RUNNING"))
                    : List.of(FakeBatch.step("SUCCEEDED"));
            case "hangs" -> List.of(FakeBatch.step("RUNNABLE"), FakeBatch.step("RUNNING"));
            default -> FakeBatch.SUCCEEDS;
        };
    }

    void register(String name, String metadata) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "batch",
                 "interface": {"inputs": {"scenario": {"type": "string"}, "epochs": {"type": "integer"}}},
                 "metadata": %s,
                 "config": {"queue": "gpu-queue", "jobDefinition": "trainer:3", "vcpus": 2, "memory": 4096,
                            "command": ["train", "{{.inputs.scenario}}", "--epochs={{.inputs.epochs}}"],
                            "environment": {"RUN_MODE": "e2e"}}}
                """.formatted(project, name, metadata));
    }

    String run(String name, String scenario) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"},
                 "inputs": {"scenario": "%s", "epochs": 3}}
                """.formatted(project, name, scenario));
    }

    static List<FakeBatch.Call> submits(String execution) {
        return FakeBatchResource.fake().calls("submitjob").stream()
                .filter(c -> c.body().path("tags").path("kite:execution").asText().equals(execution)).toList();
    }

    static List<FakeBatch.Call> terminations(String jobId) {
        return FakeBatchResource.fake().calls("terminatejob").stream()
                .filter(c -> c.body().path("jobId").asText().equals(jobId)).toList();
    }

    /** The execution once attempt {@code n} is RUNNING with a job id in its handle (bounded). */
    static JsonPath running(String id, int n) {
        for (int i = 0; i < 2000; i++) {
            JsonPath e = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            if (e.getList("attempts").size() > n && e.getString("attempts[" + n + "].handle.jobId") != null
                    && "RUNNING".equals(e.getString("attempts[" + n + "].phase"))
                    && e.getList("attempts[" + n + "].links") != null && e.getList("attempts[" + n + "].links").size() == 2) {
                return e;
            }
            Api.pause();
        }
        throw new AssertionError("attempt " + n + " of " + id + " did not run on Batch");
    }

    @Test
    void aJobRunsToSuccessWithTheConsoleAndLogLinksOnTheAttempt() {
        register("ok", "{\"retries\": 0}");
        String id = run("ok", "ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());

        List<FakeBatch.Call> submits = submits(id);
        assertEquals(1, submits.size());
        JsonNode req = submits.get(0).body();
        assertEquals(e.getString("attempts[0].name"), req.path("jobName").asText(), "the job is named after the attempt");
        assertEquals("gpu-queue", req.path("jobQueue").asText());
        assertEquals("trainer:3", req.path("jobDefinition").asText());
        assertEquals("[\"train\",\"ok\",\"--epochs=3\"]", req.path("containerOverrides").path("command").toString());
        assertEquals(project, req.path("tags").path("kite:project").asText());
        assertEquals(1, req.path("retryStrategy").path("attempts").asInt(), "Kite owns retries");

        String jobId = e.getString("attempts[0].handle.jobId");
        assertEquals(List.of("Batch console", "CloudWatch logs"), e.getList("attempts[0].links.name"));
        assertEquals("https://eu-west-1.console.aws.amazon.com/batch/home?region=eu-west-1#jobs/detail/" + jobId,
                e.getString("attempts[0].links[0].url"));
        assertTrue(e.getString("attempts[0].links[1].url").startsWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
                + "?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/"), e.prettify());

        // signed with the access key from Kite's secrets; the secret key itself is never sent nor shown
        String auth = submits.get(0).authorization();
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=" + FakeBatchResource.ACCESS_KEY_ID + "/"), auth);
        assertTrue(auth.contains("/eu-west-1/batch/aws4_request"), auth);
        assertFalse(auth.contains(FakeBatchResource.SECRET_ACCESS_KEY));
        assertFalse(e.prettify().contains(FakeBatchResource.SECRET_ACCESS_KEY));
    }

    @Test
    void aNonZeroExitFailsAsAUserError() {
        register("exits", "{\"retries\": 0}");
        String id = run("exits", "exits-1");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("USER", e.getString("attempts[0].error.kind"));
        assertEquals("EXIT_1", e.getString("attempts[0].error.code"));
        assertTrue(e.getString("attempts[0].error.message").contains(e.getString("attempts[0].handle.jobId")), e.prettify());
        assertEquals(1, submits(id).size());
        assertEquals(List.of("Batch console", "CloudWatch logs"), e.getList("attempts[0].links.name"), "the links stay on the ended attempt");
    }

    @Test
    void aSpotReclaimIsRetriedAsASystemErrorUnderANewJobName() {
        register("spot", "{\"retries\": 0}");
        String id = run("spot", "spot-then-ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(2, e.getList("attempts").size());
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertEquals("HOST_TERMINATED", e.getString("attempts[0].error.code"));
        assertEquals("system", e.getString("attempts[1].budget"), "paid by the system budget, the task has no user retries");
        List<FakeBatch.Call> submits = submits(id);
        assertEquals(List.of(e.getString("attempts[0].name"), e.getString("attempts[1].name")),
                submits.stream().map(c -> c.body().path("jobName").asText()).toList());
        assertNotEquals(submits.get(0).body().path("jobName").asText(), submits.get(1).body().path("jobName").asText());
    }

    @Test
    void anAbortTerminatesTheJobNamingTheExecution() {
        register("aborted", "{\"retries\": 0}");
        String id = run("aborted", "hangs");
        String jobId = running(id, 0).getString("attempts[0].handle.jobId");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals("ABORTED", Api.await(id).getString("phase"));
        for (int i = 0; i < 2000 && terminations(jobId).isEmpty(); i++) {
            Api.pause();
        }
        List<FakeBatch.Call> terminations = terminations(jobId);
        assertFalse(terminations.isEmpty(), "TerminateJob sent for " + jobId);
        assertTrue(terminations.get(0).body().path("reason").asText().contains(id), terminations.get(0).body().toString());
        Api.waitOutRetries();
        assertEquals(1, submits(id).size(), "an aborted execution submits no further job");
    }

    @Test
    void aTimedOutAttemptIsTerminatedAndRetriedUnderANewJobName() {
        register("slow", "{\"retries\": 1, \"timeout\": \"PT3S\"}");
        String id = run("slow", "hangs-then-ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("TIMED_OUT", e.getString("attempts[0].phase"), e.prettify());
        String first = e.getString("attempts[0].handle.jobId");
        assertFalse(terminations(first).isEmpty(), "the timed-out job is terminated");
        List<FakeBatch.Call> submits = submits(id);
        assertEquals(2, submits.size());
        assertNotEquals(submits.get(0).body().path("jobName").asText(), submits.get(1).body().path("jobName").asText());
        assertEquals(e.getString("attempts[1].name"), submits.get(1).body().path("jobName").asText());
    }
}
