package dev.kite.server.spark;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.data.DataStores;
import dev.kite.model.TaskId;
import dev.kite.server.Api;

/**
 * The {@code spark} task type on Kubernetes end to end: REST → engine → a SparkApplication on
 * Quarkus's Kubernetes test server (CRUD mode, the operator's CRD installed) → a simulated Spark
 * operator in this test (it writes the application's status) → outputs and classified failures.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkOperatorTasksTest {

    static final String API = "sparkoperator.k8s.io/v1beta2";
    static final ObjectMapper JSON = new ObjectMapper();

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    DataStores data;

    @Inject
    dev.kite.kubernetes.KubernetesDriver driver;

    @Inject
    dev.kite.engine.PluginRegistry plugins;

    String project;

    @BeforeEach
    void start() {
        if (project == null) {
            Crds.sparkOperator(server.getClient());
            project = Api.project();
        }
    }

    KubernetesClient client() {
        return server.getClient();
    }

    void register(String name, String metadata, String iface, String config) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "spark", "interface": %s, "metadata": %s, "config": %s}
                """.formatted(project, name, iface, metadata, config));
    }

    String run(String name, String inputs) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": %s}
                """.formatted(project, name, inputs));
    }

    List<GenericKubernetesResource> apps(String execution) {
        return client().genericKubernetesResources(API, "SparkApplication").inAnyNamespace()
                .withLabel("kite.dev/execution", execution).list().getItems();
    }

    /** The application of attempt {@code n}, once created. */
    GenericKubernetesResource app(String execution, int n) {
        GenericKubernetesResource[] found = new GenericKubernetesResource[1];
        Eventually.await(() -> {
            found[0] = apps(execution).stream().filter(a -> String.valueOf(n).equals(a.getMetadata().getLabels()
                    .get("kite.dev/attempt"))).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(30), "SparkApplication of attempt " + n + " of " + execution);
        return found[0];
    }

    /** What the operator does: writes the application's status. */
    void status(GenericKubernetesResource app, String state, String errorMessage, UnaryOperator<Map<String, Object>> more) {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("state", state);
        if (errorMessage != null) {
            s.put("errorMessage", errorMessage);
        }
        status.put("applicationState", s);
        status.put("sparkApplicationId", "spark-" + app.getMetadata().getName());
        Map<String, Object> full = more.apply(status);
        client().genericKubernetesResources(API, "SparkApplication").inNamespace(app.getMetadata().getNamespace())
                .withName(app.getMetadata().getName()).editStatus(a -> {
                    a.setAdditionalProperty("status", full);
                    return a;
                });
    }

    void status(GenericKubernetesResource app, String state, String errorMessage) {
        status(app, state, errorMessage, s -> s);
    }

    static JsonNode spec(GenericKubernetesResource app) {
        return JSON.valueToTree(app.getAdditionalProperties().get("spec"));
    }

    URI raw(String name, String execution, int attempt) {
        return data.rawOutputPrefix(new TaskId(project, "development", name, "v1"), UUID.fromString(execution), attempt);
    }

    @Test
    void theApplicationMatchesTheTaskAndItsOutputsComeFromTheRawOutputLocation() throws Exception {
        register("wc", "{\"retries\": 0, \"uncheckedInputs\": [\"lines\"]}", """
                {"inputs": {"lines": {"type": {"dataset": {"format": "text"}}}, "min": {"type": "integer"}},
                 "outputs": {"counts": {"type": {"dataset": {"format": "parquet"}}}, "distinct": {"type": "integer"}}}""",
                """
                {"image": "registry.example/spark:3.5.9", "mainClass": "com.example.WordCount",
                 "mainApplicationFile": "local:///opt/spark/jobs/wc.jar",
                 "arguments": ["--in={{.inputs.lines.uri}}", "--min={{.inputs.min}}", "$(HOME)"],
                 "sparkConf": {"spark.sql.shuffle.partitions": "4"}, "hadoopConf": {"fs.s3a.path.style.access": "true"},
                 "driver": {"cores": 1, "memory": "512m", "serviceAccount": "spark"},
                 "executor": {"cores": 2, "memory": "2g", "instances": 3}}""");
        String id = run("wc", "{\"lines\": {\"uri\": \"s3://bucket/in/lines/\"}, \"min\": 2}");
        GenericKubernetesResource app = app(id, 0);
        assertEquals(API, app.getApiVersion());
        assertEquals("SparkApplication", app.getKind());
        assertEquals(project + "-development", app.getMetadata().getNamespace());
        assertEquals("512m", app.getMetadata().getAnnotations().get("kite.dev/memory"));
        JsonNode spec = spec(app);
        assertEquals("Scala", spec.path("type").asText());
        assertEquals("cluster", spec.path("mode").asText());
        assertEquals("registry.example/spark:3.5.9", spec.path("image").asText());
        assertEquals("com.example.WordCount", spec.path("mainClass").asText());
        assertEquals("local:///opt/spark/jobs/wc.jar", spec.path("mainApplicationFile").asText());
        assertEquals(List.of("--in=s3://bucket/in/lines/", "--min=2", "$(HOME)"),
                JSON.convertValue(spec.path("arguments"), List.class));
        assertEquals("3.5.9", spec.path("sparkVersion").asText());
        assertEquals("4", spec.path("sparkConf").path("spark.sql.shuffle.partitions").asText());
        assertEquals("true", spec.path("hadoopConf").path("fs.s3a.path.style.access").asText());
        assertEquals("Never", spec.path("restartPolicy").path("type").asText(), "Kite owns retries");
        assertEquals(3600, spec.path("timeToLiveSeconds").asLong());
        assertEquals(1, spec.path("driver").path("cores").asInt());
        assertEquals("512m", spec.path("driver").path("memory").asText());
        assertEquals("spark", spec.path("driver").path("serviceAccount").asText());
        assertEquals(2, spec.path("executor").path("cores").asInt());
        assertEquals("2g", spec.path("executor").path("memory").asText());
        assertEquals(3, spec.path("executor").path("instances").asInt());
        // kite.spark.pod-template, for the driver and the executors
        assertEquals("data", spec.path("driver").path("template").path("metadata").path("labels").path("team").asText());
        assertEquals("scratch", spec.path("executor").path("template").path("spec").path("volumes").path(0).path("name").asText());
        assertTrue(spec.path("driver").path("template").path("spec").path("securityContext").path("runAsNonRoot").asBoolean());
        Map<String, String> env = new java.util.HashMap<>();
        spec.path("driver").path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        URI raw = raw("wc", id, 0);
        assertEquals(id, env.get("KITE_EXECUTION_ID"));
        assertEquals(raw.toString(), env.get("KITE_RAW_OUTPUT"));
        assertEquals(raw.resolve("outputs.json").toString(), env.get("KITE_OUTPUTS"));

        // the job writes its outputs where the env says; the operator reports the stages
        status(app, "SUBMITTED", null);
        status(app, "RUNNING", null, s -> {
            s.put("driverInfo", Map.of("podName", app.getMetadata().getName() + "-driver", "webUIAddress", "10.0.0.7:4040"));
            return s;
        });
        data.put(raw.resolve("counts/part-00000.parquet"), "PAR1".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
        data.put(raw.resolve("outputs.json"), "{\"distinct\": 7}".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
        status(app, "COMPLETED", null);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(7, e.getInt("outputs.distinct"));
        assertEquals(raw.resolve("counts/").toString(), e.getString("outputs.counts.uri"));
        assertEquals("parquet", e.getString("outputs.counts.format"));
        assertEquals(app.getMetadata().getName() + "-driver", e.getString("attempts[0].logs.pod"));
        assertEquals("spark-kubernetes-driver", e.getString("attempts[0].logs.container"));
        Eventually.await(() -> apps(id).isEmpty(), Duration.ofSeconds(30), "the application deleted after the success");
    }

    @Test
    void aDatasetOutputTheJobDidNotWriteFailsTheAttempt() {
        register("no-output", "{\"retries\": 0}", "{\"outputs\": {\"counts\": {\"type\": {\"dataset\": {\"format\": \"parquet\"}}}}}",
                "{\"image\": \"spark:3.5.9\", \"mainClass\": \"X\", \"mainApplicationFile\": \"local:///x.jar\"}");
        String id = run("no-output", "{}");
        status(app(id, 0), "COMPLETED", null);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("MISSING_OUTPUT", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains(raw("no-output", id, 0).resolve("counts/").toString()));
    }

    @Test
    void failuresAreClassifiedFromTheOperatorsReport() {
        String config = "{\"image\": \"spark:3.5.9\", \"mainClass\": \"X\", \"mainApplicationFile\": \"local:///x.jar\"}";
        register("submit-fails", "{\"retries\": 0}", "{}", config);
        String id = run("submit-fails", "{}");
        status(app(id, 0), "SUBMISSION_FAILED", "failed to run spark-submit: admission webhook denied the driver pod");
        // SYSTEM recoverable: retried from the system budget, each attempt a new application
        status(app(id, 1), "SUBMITTED", "pending: waiting for the webhook");
        status(app(id, 1), "RUNNING", null);
        status(app(id, 1), "FAILED", "driver container failed with ExitCode: 1, Reason: Error");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("SUBMISSION_FAILED", e.getString("attempts[0].error.code"));
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertTrue(e.getString("attempts[0].error.message").contains("admission webhook denied"));
        assertEquals("system", e.getString("attempts[1].budget"));
        assertEquals("EXIT_CODE", e.getString("attempts[1].error.code"));
        assertEquals("USER", e.getString("attempts[1].error.kind"));
        assertFalse(e.getBoolean("attempts[1].error.recoverable"), "a user's failure burns no retries unless it says so");

        register("evicted", "{\"retries\": 0}", "{}", config);
        String ev = run("evicted", "{}");
        status(app(ev, 0), "FAILED", "driver pod failed: Evicted: the node was low on resource: memory");
        status(app(ev, 1), "COMPLETED", null);
        JsonPath e2 = Api.await(ev);
        assertEquals("SUCCEEDED", e2.getString("phase"), e2.prettify());
        assertEquals("EVICTED", e2.getString("attempts[0].error.code"));
        assertEquals("SYSTEM", e2.getString("attempts[0].error.kind"));
    }

    @Test
    void aUserFailureIsRecoverableWhenTheJobSaysSo() throws Exception {
        register("flaky", "{\"retries\": 1}", "{}",
                "{\"image\": \"spark:3.5.9\", \"mainClass\": \"X\", \"mainApplicationFile\": \"local:///x.jar\"}");
        String id = run("flaky", "{}");
        GenericKubernetesResource first = app(id, 0);
        data.put(raw("flaky", id, 0).resolve("outputs.json"),
                "{\"error\": {\"message\": \"the source was not ready\", \"recoverable\": true}}".getBytes(StandardCharsets.UTF_8))
                .await().indefinitely();
        status(first, "FAILED", "driver container failed with ExitCode: 3, Reason: Error");
        status(app(id, 1), "COMPLETED", null);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("JOB_ERROR", e.getString("attempts[0].error.code"));
        assertTrue(e.getString("attempts[0].error.message").startsWith("the source was not ready"));
        assertEquals("user", e.getString("attempts[1].budget"));
    }

    @Test
    void anOomKilledDriverIsRetriedWithMoreMemoryUpToTheCap() {
        register("hungry", "{\"retries\": 0}", "{}", """
                {"image": "spark:3.5.9", "mainClass": "X", "mainApplicationFile": "local:///x.jar",
                 "driver": {"memory": "1g"}, "executor": {"memory": "1g"},
                 "oomRetry": {"factor": 1.5, "maxMemory": "2Gi"}}""");
        String id = run("hungry", "{}");
        String oom = "driver container failed with ExitCode: 137, Reason: OOMKilled";
        GenericKubernetesResource a0 = app(id, 0);
        assertEquals("1g", spec(a0).path("driver").path("memory").asText());
        status(a0, "FAILED", oom);
        GenericKubernetesResource a1 = app(id, 1);
        assertEquals("1536m", spec(a1).path("driver").path("memory").asText(), "1.5x after one OOM kill");
        assertEquals("1536m", spec(a1).path("executor").path("memory").asText());
        assertEquals("1536m", a1.getMetadata().getAnnotations().get("kite.dev/memory"));
        status(a1, "FAILED", oom);
        GenericKubernetesResource a2 = app(id, 2);
        assertEquals("2048m", spec(a2).path("driver").path("memory").asText(), "2.25x capped at 2Gi");
        status(a2, "FAILED", oom);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals(3, e.getList("attempts").size(), "no attempt after one that ran at the cap");
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertEquals("system", e.getString("attempts[1].budget"));
        assertEquals("OOM_KILLED", e.getString("attempts[2].error.code"));
        assertEquals("USER", e.getString("attempts[2].error.kind"));
        assertFalse(e.getBoolean("attempts[2].error.recoverable"));
        assertTrue(e.getString("attempts[2].error.message").contains("2Gi"), e.getString("attempts[2].error.message"));
    }

    @Test
    void anAbortAndATimeoutDeleteTheApplication() {
        String config = "{\"image\": \"spark:3.5.9\", \"mainClass\": \"X\", \"mainApplicationFile\": \"local:///x.jar\"}";
        register("aborted", "{}", "{}", config);
        String id = run("aborted", "{}");
        status(app(id, 0), "RUNNING", null);
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals("ABORTED", Api.await(id).getString("phase"));
        Eventually.await(() -> apps(id).isEmpty(), Duration.ofSeconds(30), "application deleted after the abort");

        register("too-slow", "{\"retries\": 0, \"timeout\": \"PT1S\"}", "{}", config);
        String slow = run("too-slow", "{}");
        status(app(slow, 0), "RUNNING", null);
        assertEquals("TIMED_OUT", Api.await(slow).getString("phase"));
        Eventually.await(() -> apps(slow).isEmpty(), Duration.ofSeconds(30), "application deleted after the timeout");
    }

    @Test
    void aRestartedKiteReattachesToTheExistingApplication() throws Exception {
        String template = """
                {"id": {"project": "%s", "domain": "development", "name": "again", "version": "v1"},
                 "type": "spark", "config": {"image": "spark:3.5.9", "mainClass": "X", "mainApplicationFile": "local:///x.jar"}}
                """.formatted(project);
        Api.register(template);
        String id = run("again", "{}");
        GenericKubernetesResource created = app(id, 0);
        // what a Kite restarted between creating the application and persisting its handle does: submit again
        JsonPath e = given().get("/api/v1/executions/" + id).then().extract().jsonPath();
        dev.kite.model.TaskTemplate task = dev.kite.model.TaskTemplate.fromJson(JSON.readTree(template));
        var plugin = plugins.forType("spark").orElseThrow().plugin();
        assertEquals("spark-operator", plugin.name(), "with a cluster, the operator plugin serves spark");
        var async = driver.async((dev.kite.spi.kubernetes.KubernetesPlugin<?, ?>) plugin);
        SameAttempt ctx = new SameAttempt(task, UUID.fromString(id), e.getString("attempts[0].name"),
                JSON.convertValue(Map.of("image", "spark:3.5.9", "mainClass", "X", "mainApplicationFile", "local:///x.jar"),
                        dev.kite.plugin.spark.SparkConfig.class), raw("again", id, 0));
        var handle = async.submit(ctx).await().atMost(Duration.ofSeconds(30));
        assertEquals(created.getMetadata().getName(), handle.name());
        assertEquals(1, apps(id).size(), "no second application");
        assertEquals(created.getMetadata().getUid(), apps(id).get(0).getMetadata().getUid(), "the same application");
        status(created, "COMPLETED", null);
        assertEquals("SUCCEEDED", Api.await(id).getString("phase"));
    }

    /** The context of an attempt that exists already, as a restarted engine builds it. */
    record SameAttempt(dev.kite.model.TaskTemplate task, UUID executionId, String generatedName,
            dev.kite.plugin.spark.SparkConfig config, URI rawOutputPrefix) implements dev.kite.spi.TaskContext<Object> {
        public com.fasterxml.jackson.databind.node.ObjectNode inputs() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        public int attempt() {
            return 0;
        }

        public String executionKey() {
            return "kite-" + executionId.toString().replace("-", "");
        }

        public java.time.Instant startTime() {
            return java.time.Instant.parse("2026-01-01T00:00:00Z");
        }

        public long seed() {
            return 42;
        }

        public dev.kite.spi.data.DataStore data() {
            return DataStores.current();
        }

        public boolean interruptible() {
            return false;
        }

        public java.time.Instant deadline() {
            return java.time.Instant.now().plusSeconds(600);
        }

        public java.util.Optional<String> secret(String name) {
            return java.util.Optional.empty();
        }
    }

    @Test
    void registrationNeedsAMainFileOrClass() {
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "nothing", "version": "v1"},
                 "type": "spark", "config": {"image": "spark:3.5.9", "arguments": ["{{.inputs.nope}}"]}}
                """.formatted(project)).post("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("config.mainApplicationFile"))
                .body(org.hamcrest.Matchers.containsString("config.arguments[0]"));
    }
}
