package dev.kite.server.spark;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The {@code k8s-object} task type end to end on Quarkus's Kubernetes test server (CRUD mode): a
 * batch/v1 Job and a made-up custom resource, each driven through its conditions by this test
 * (playing the Job controller or the operator), outputs read from their status.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesObjectTasksTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JOB_CONDITIONS = """
            "success": {"path": "$.status.conditions[?(@.type=='Complete')].status", "equals": "True"},
            "failure": {"path": "$.status.conditions[?(@.type=='Failed')].status", "equals": "True"},
            "running": "/status/active",
            "message": "$.status.conditions[?(@.type=='Failed')].message\"""";

    @KubernetesTestServer
    KubernetesServer server;

    String project;

    @BeforeEach
    void start() {
        if (project == null) {
            Crds.install(server.getClient(), "example.com", "v1", "Widget", "widgets");
            project = Api.project();
        }
    }

    KubernetesClient client() {
        return server.getClient();
    }

    String run(String name, String inputs) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": %s}
                """.formatted(project, name, inputs));
    }

    void registerJob(String name) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "k8s-object", "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"succeeded": {"type": "integer"}}},
                 "config": {
                   "manifest": {"apiVersion": "batch/v1", "kind": "Job",
                     "spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
                       "containers": [{"name": "main", "image": "busybox:1.36", "command": ["sh", "-c", "seq {{.inputs.n}}"]}]}}}},
                   %s,
                   "outputs": {"succeeded": "/status/succeeded"}}}
                """.formatted(project, name, JOB_CONDITIONS));
    }

    Job job(String execution) {
        Job[] found = new Job[1];
        Eventually.await(() -> {
            List<Job> jobs = client().batch().v1().jobs().inAnyNamespace().withLabel("kite.dev/execution", execution).list()
                    .getItems();
            found[0] = jobs.isEmpty() ? null : jobs.get(0);
            return found[0] != null;
        }, Duration.ofSeconds(30), "Job of " + execution);
        return found[0];
    }

    void jobStatus(Job job, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
        client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(status);
                    return j;
                });
    }

    @Test
    void aJobSucceedsByItsCompleteConditionWithOutputsFromItsStatus() {
        registerJob("job-ok");
        String id = run("job-ok", "{\"n\": 3}");
        Job job = job(id);
        assertEquals(List.of("sh", "-c", "seq 3"), job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        assertEquals(project + "-development", job.getMetadata().getNamespace());
        jobStatus(job, new JobStatusBuilder().withActive(1).build());
        jobStatus(job, new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete")
                .withStatus("True").build()).build());
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(1, e.getInt("outputs.succeeded"));
        Eventually.await(() -> client().batch().v1().jobs().inAnyNamespace().withLabel("kite.dev/execution", id).list()
                .getItems().isEmpty(), Duration.ofSeconds(30), "the Job deleted after the success");
    }

    @Test
    void aJobFailsByItsFailedConditionWithItsMessage() {
        registerJob("job-fails");
        String id = run("job-fails", "{\"n\": 3}");
        Job job = job(id);
        jobStatus(job, new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
                .withStatus("True").withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit")
                .build()).build());
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("FAILED_CONDITION", e.getString("error.code"));
        assertEquals("USER", e.getString("error.kind"));
        assertTrue(e.getString("error.message").endsWith(": Job has reached the specified backoff limit"), e.getString("error.message"));
    }

    void registerWidget(String name, int retries) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "k8s-object", "metadata": {"retries": %d},
                 "interface": {"inputs": {"size": {"type": "integer"}}, "outputs": {"serial": {"type": "string"}}},
                 "config": {
                   "manifest": {"apiVersion": "example.com/v1", "kind": "Widget",
                     "spec": {"size": "{{.inputs.size}}", "label": "size {{.inputs.size}}",
                              "resources": {"requests": {"memory": "256Mi"}, "limits": {"memory": "512Mi"}}}},
                   "success": {"path": "/status/phase", "equals": "Done"},
                   "failure": {"path": "$.status.phase", "equals": ["Broken", "Lost"]},
                   "running": {"path": "/status/phase", "equals": "Building"},
                   "message": "/status/reason",
                   "oom": {"path": "/status/reason", "equals": "OOMKilled"},
                   "memory": ["/spec/resources"],
                   "outputs": {"serial": "$.status.serial"}}}
                """.formatted(project, name, retries));
    }

    List<GenericKubernetesResource> widgets(String execution) {
        return client().genericKubernetesResources("example.com/v1", "Widget").inAnyNamespace()
                .withLabel("kite.dev/execution", execution).list().getItems();
    }

    GenericKubernetesResource widget(String execution, int attempt) {
        GenericKubernetesResource[] found = new GenericKubernetesResource[1];
        Eventually.await(() -> {
            found[0] = widgets(execution).stream().filter(w -> String.valueOf(attempt).equals(w.getMetadata().getLabels()
                    .get("kite.dev/attempt"))).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(30), "Widget of attempt " + attempt + " of " + execution);
        return found[0];
    }

    void widgetStatus(GenericKubernetesResource w, Map<String, Object> status) {
        client().genericKubernetesResources("example.com/v1", "Widget").inNamespace(w.getMetadata().getNamespace())
                .withName(w.getMetadata().getName()).editStatus(x -> {
                    x.setAdditionalProperty("status", status);
                    return x;
                });
    }

    static JsonNode spec(GenericKubernetesResource w) {
        return JSON.valueToTree(w.getAdditionalProperties().get("spec"));
    }

    @Test
    void aCustomResourceSucceedsWithOutputsFromItsStatus() {
        registerWidget("widget-ok", 0);
        String id = run("widget-ok", "{\"size\": 4}");
        GenericKubernetesResource w = widget(id, 0);
        assertEquals(4, spec(w).path("size").asInt(), "a placeholder alone keeps its type");
        assertEquals("size 4", spec(w).path("label").asText());
        widgetStatus(w, Map.of("phase", "Building"));
        widgetStatus(w, Map.of("phase", "Done", "serial", "W-0042"));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("W-0042", e.getString("outputs.serial"));
        Eventually.await(() -> widgets(id).isEmpty(), Duration.ofSeconds(30), "the Widget deleted after the success");
    }

    @Test
    void aCustomResourceFailsByItsFailureCondition() {
        registerWidget("widget-broken", 0);
        String id = run("widget-broken", "{\"size\": 4}");
        widgetStatus(widget(id, 0), Map.of("phase", "Lost", "reason", "the factory burned down"));
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("FAILED_CONDITION", e.getString("error.code"));
        assertTrue(e.getString("error.message").endsWith(": the factory burned down"), e.getString("error.message"));
    }

    @Test
    void anOomKilledObjectIsRetriedWithMoreMemory() {
        registerWidget("widget-oom", 0);
        String id = run("widget-oom", "{\"size\": 4}");
        GenericKubernetesResource first = widget(id, 0);
        assertEquals("512Mi", spec(first).path("resources").path("limits").path("memory").asText());
        widgetStatus(first, Map.of("phase", "Broken", "reason", "OOMKilled"));
        GenericKubernetesResource second = widget(id, 1);
        assertEquals("768Mi", spec(second).path("resources").path("limits").path("memory").asText(), "1.5x after an OOM kill");
        assertEquals("384Mi", spec(second).path("resources").path("requests").path("memory").asText());
        assertEquals("768Mi", second.getMetadata().getAnnotations().get("kite.dev/memory"));
        widgetStatus(second, Map.of("phase", "Done", "serial", "W-2"));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("OOM_KILLED", e.getString("attempts[0].error.code"));
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
    }

    @Test
    void badConditionsAreRejectedAtRegistration() {
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "bad", "version": "v1"},
                 "type": "k8s-object",
                 "config": {"manifest": {"apiVersion": "v1", "kind": "ConfigMap"},
                            "success": "status.phase", "failure": {"path": "$.status[?(", "equals": "x"}}}
                """.formatted(project)).post("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("config.success"))
                .body(org.hamcrest.Matchers.containsString("config.failure.path"));
    }
}
