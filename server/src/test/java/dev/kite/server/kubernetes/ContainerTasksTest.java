package dev.kite.server.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The {@code container} task type end to end: REST → engine → Kubernetes API (Quarkus's
 * Kubernetes test server in CRUD mode, the same client code as against a real cluster) → a
 * simulated kubelet in test code ({@link Kubelet}) → outputs and classified failures.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerTasksTest {

    @KubernetesTestServer
    KubernetesServer server;

    @jakarta.inject.Inject
    dev.kite.kubernetes.KubernetesDriver driver;

    @jakarta.inject.Inject
    dev.kite.engine.PluginRegistry plugins;

    Kubelet kubelet;
    String project;

    @BeforeEach
    void start() {
        // here rather than in @BeforeAll: the application (and RestAssured's port) is up by now
        if (kubelet == null) {
            kubelet = new Kubelet(server.getClient());
            project = Api.project();
        }
    }

    @AfterAll
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    /** Registers a container task run by the simulated kubelet: command ["kubelet-sim", steps, message]. */
    String task(String name, String metadata, String inputs, String outputs, String... args) {
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(json(a));
        }
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "container",
                 "interface": {"inputs": %s, "outputs": %s},
                 "metadata": %s,
                 "container": {"image": "registry.example/sim:1.0", "command": ["kubelet-sim"], "args": [%s]}}
                """.formatted(project, name, inputs, outputs, metadata, String.join(",", quoted)));
        return name;
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    String run(String name, String inputs) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": %s}
                """.formatted(project, name, inputs));
    }

    /** A task with no inputs and no outputs, playing {@code steps}. */
    String scenario(String name, String metadata, String steps, String message) {
        return task(name, metadata, "{}", "{}", steps, message);
    }

    @Test
    void outputsComeFromTheTerminationMessageAndArgsAreRendered() {
        task("greet", "{}", """
                {"name": {"type": "string"}, "n": {"type": "integer"}, "files": {"type": {"collection": "string"}}}""",
                """
                {"greeting": {"type": "string"}, "count": {"type": "integer"}}""",
                "ok", "{\"outputs\": {\"greeting\": \"hello {{.inputs.name}}\", \"count\": {{.inputs.n}}}}",
                "--n={{.inputs.n}}", "{{.inputs.files}}");
        String id = run("greet", "{\"name\": \"Ada\", \"n\": 3, \"files\": [\"a.csv\", \"b c.csv\"]}");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("hello Ada", e.getString("outputs.greeting"));
        assertEquals(3, e.getInt("outputs.count"));

        Pod pod = kubelet.created(id).get(0);
        assertEquals(List.of("kubelet-sim"), pod.getSpec().getContainers().get(0).getCommand());
        assertEquals(List.of("ok", "{\"outputs\": {\"greeting\": \"hello Ada\", \"count\": 3}}", "--n=3", "a.csv", "b c.csv"),
                pod.getSpec().getContainers().get(0).getArgs());
        assertEquals(project + "-development", pod.getMetadata().getNamespace());
        assertEquals(e.getString("attempts[0].name"), pod.getMetadata().getName());
        Map<String, String> labels = pod.getMetadata().getLabels();
        assertEquals(id, labels.get("kite.dev/execution"));
        assertEquals("0", labels.get("kite.dev/attempt"));
        assertEquals("greet", labels.get("kite.dev/task"));
        assertEquals(project + "/development/greet/v1", pod.getMetadata().getAnnotations().get("kite.dev/task-id"));
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar v : pod.getSpec().getContainers().get(0).getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        assertEquals(id, env.get("KITE_EXECUTION_ID"));
        assertEquals(e.getString("startTime"), env.get("KITE_START_TIME"));
        assertEquals(e.getString("seed"), env.get("KITE_SEED"));

        // where the logs are, on the attempt
        assertEquals(pod.getMetadata().getName(), e.getString("attempts[0].logs.pod"));
        assertEquals("task", e.getString("attempts[0].logs.container"));
        assertEquals(project + "-development", e.getString("attempts[0].logs.namespace"));

        // the pod and its inputs ConfigMap are deleted once the success is recorded
        await(() -> kubelet.podsOf(id).isEmpty() && configMapsOf(id).isEmpty(), "pod and ConfigMap of " + id + " deleted");
    }

    @Test
    void inputsReachTheContainerAsAFileFromAConfigMap() {
        task("inputs-file", "{}", "{\"name\": {\"type\": \"string\"}, \"when\": {\"type\": \"datetime\"}}", "{}", "run", "");
        String id = run("inputs-file", "{\"name\": \"Grace\", \"when\": \"2026-01-02T03:04:05+01:00\"}");
        await(() -> !kubelet.podsOf(id).isEmpty() && !configMapsOf(id).isEmpty(), "pod and ConfigMap of " + id);
        ConfigMap inputs = configMapsOf(id).get(0);
        assertEquals("{\"name\":\"Grace\",\"when\":\"2026-01-02T02:04:05Z\"}", inputs.getData().get("inputs.json"));
        Pod pod = kubelet.podsOf(id).get(0);
        assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getConfigMap() != null
                && v.getConfigMap().getName().equals(inputs.getMetadata().getName())), "the pod mounts the inputs ConfigMap");
        // status comes from a watch: the running pod is in the informer's cache
        assertTrue(driver.watched(Pod.class, pod.getMetadata().getNamespace()) >= 1, "the watch holds the running pod");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
    }

    @Test
    void submittingAnAttemptAgainReattachesToItsPod() {
        // what a Kite restarted between creating the pod and persisting its handle does
        dev.kite.model.TaskTemplate task = dev.kite.model.TaskTemplate.fromJson(readTree("""
                {"id": {"project": "%s", "domain": "development", "name": "again", "version": "v1"},
                 "type": "container",
                 "container": {"image": "registry.example/sim:1.0", "command": ["kubelet-sim"], "args": ["run"]}}
                """.formatted(project)));
        java.util.UUID execution = java.util.UUID.randomUUID();
        Context ctx = new Context(task, execution);
        var async = driver.async((dev.kite.spi.kubernetes.KubernetesPlugin<?, ?>) plugins.forType("container").orElseThrow().plugin());
        dev.kite.kubernetes.KubeHandle first = async.submit(ctx).await().atMost(java.time.Duration.ofSeconds(30));
        String uid = server.getClient().pods().inNamespace(first.namespace()).withName(first.name()).get().getMetadata().getUid();
        dev.kite.kubernetes.KubeHandle second = async.submit(ctx).await().atMost(java.time.Duration.ofSeconds(30));
        assertEquals(first, second);
        assertEquals(1, kubelet.podsOf(execution.toString()).size());
        assertEquals(uid, kubelet.podsOf(execution.toString()).get(0).getMetadata().getUid(), "the same pod, not a new one");
        async.cancel(ctx, second).await().atMost(java.time.Duration.ofSeconds(30));
        assertTrue(kubelet.podsOf(execution.toString()).isEmpty());
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An attempt's context, as the engine would give it. */
    record Context(dev.kite.model.TaskTemplate task, java.util.UUID executionId) implements dev.kite.spi.TaskContext<Object> {
        public Object config() {
            return null;
        }

        public com.fasterxml.jackson.databind.node.ObjectNode inputs() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        public int attempt() {
            return 0;
        }

        public String generatedName() {
            return "kite-" + executionId.toString().replace("-", "") + "-0";
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

        public java.net.URI rawOutputPrefix() {
            return java.net.URI.create("file:///tmp/kite-test/raw/" + executionId + "/0/");
        }

        public dev.kite.spi.data.DataStore data() {
            throw new UnsupportedOperationException("not used by these tests");
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
    void sensitiveInputsComeFromASecret() {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "sensitive", "version": "v1"},
                 "type": "container", "interface": {"inputs": {"token": {"type": "string"}}},
                 "container": {"image": "registry.example/sim:1.0", "command": ["kubelet-sim"], "args": ["run"],
                               "sensitiveInputs": true}}
                """.formatted(project));
        String id = run("sensitive", "{\"token\": \"s3cr3t\"}");
        await(() -> !kubelet.podsOf(id).isEmpty(), "pod of " + id);
        assertTrue(configMapsOf(id).isEmpty(), "no ConfigMap holds sensitive inputs");
        List<io.fabric8.kubernetes.api.model.Secret> secrets = server.getClient().secrets().inAnyNamespace()
                .withLabel("kite.dev/execution", id).list().getItems();
        assertEquals(1, secrets.size());
        String json = new String(java.util.Base64.getDecoder().decode(secrets.get(0).getData().get("inputs.json")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"token\":\"s3cr3t\"}", json);
        Pod pod = kubelet.podsOf(id).get(0);
        assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals(secrets.get(0).getMetadata().getName())), "the pod mounts the Secret");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        await(() -> server.getClient().secrets().inAnyNamespace().withLabel("kite.dev/execution", id).list().getItems().isEmpty(),
                "the Secret is deleted with the pod");
    }

    @Test
    void aRecoverableUserFailureIsRetriedFromTheUserBudget() {
        scenario("exit-then-ok", "{\"retries\": 1}", "exit:1,ok", "");
        JsonPath e = Api.await(run("exit-then-ok", "{}"));
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(2, e.getList("attempts").size());
        assertEquals("EXIT_CODE", e.getString("attempts[0].error.code"));
        assertEquals("USER", e.getString("attempts[0].error.kind"));
        assertEquals("user", e.getString("attempts[1].budget"));
    }

    @Test
    void anOomKilledPodIsRetriedWithMoreMemoryUpToTheCap() {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "oom", "version": "v1"},
                 "type": "container", "metadata": {"retries": 0},
                 "container": {"image": "registry.example/sim:1.0", "command": ["kubelet-sim"], "args": ["oom", ""],
                               "resources": {"requests": {"memory": "512Mi"}, "limits": {"memory": "1Gi"}},
                               "oomRetry": {"factor": 1.5, "maxMemory": "2Gi"}}}
                """.formatted(project));
        String id = run("oom", "{}");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        List<Pod> pods = kubelet.created(id);
        assertEquals(3, pods.size(), "1Gi, then 1.5Gi, then 2Gi (the cap), then no more");
        List<String> limits = pods.stream().sorted(java.util.Comparator.comparing(p -> p.getMetadata().getLabels()
                .get("kite.dev/attempt"))).map(p -> p.getSpec().getContainers().get(0).getResources().getLimits().get("memory")
                .toString()).toList();
        assertEquals(List.of("1Gi", "1536Mi", "2Gi"), limits);
        Pod second = pods.stream().filter(p -> "1".equals(p.getMetadata().getLabels().get("kite.dev/attempt"))).findFirst()
                .orElseThrow();
        assertEquals("768Mi", second.getSpec().getContainers().get(0).getResources().getRequests().get("memory").toString(),
                "the request grows by the same factor");
        assertEquals("1536Mi", second.getMetadata().getAnnotations().get("kite.dev/memory"), "the attempt records its memory");
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertEquals("system", e.getString("attempts[1].budget"));
        assertEquals("OOM_KILLED", e.getString("attempts[2].error.code"));
        assertEquals("USER", e.getString("attempts[2].error.kind"));
        assertFalse(e.getBoolean("attempts[2].error.recoverable"));
    }

    @Test
    void aNonZeroExitFailsWhenNoRetryIsLeft() {
        scenario("exit-3", "{\"retries\": 0}", "exit:3", "");
        JsonPath e = Api.await(run("exit-3", "{}"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("EXIT_CODE", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("exited with code 3"), e.getString("error.message"));
    }

    @Test
    void aContainerCanDeclareItsFailureNonRecoverable() {
        scenario("declared-fatal", "{\"retries\": 3}", "exit:1",
                "{\"error\": {\"recoverable\": false, \"message\": \"the input file is corrupt\"}}");
        JsonPath e = Api.await(run("declared-fatal", "{}"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size(), "no retry for a declared non-recoverable failure");
        assertFalse(e.getBoolean("error.recoverable"));
        assertTrue(e.getString("error.message").contains("the input file is corrupt"), e.getString("error.message"));
    }

    @Test
    void evictionPreemptionAndNodeLossUseTheSystemBudget() {
        for (String step : List.of("evict", "preempt", "vanish")) {
            scenario("sys-" + step, "{\"retries\": 0}", step + ",ok", "");
            JsonPath e = Api.await(run("sys-" + step, "{}"));
            assertEquals("SUCCEEDED", e.getString("phase"), step + ": " + e.prettify());
            assertEquals(2, e.getList("attempts").size(), step);
            assertEquals("SYSTEM", e.getString("attempts[0].error.kind"), step);
            assertTrue(e.getBoolean("attempts[0].error.recoverable"), step);
            assertEquals("system", e.getString("attempts[1].budget"), step);
        }
    }

    @Test
    void anImagePullFailurePastTheGraceIsAUserErrorNamingTheImage() {
        scenario("bad-image", "{\"retries\": 1}", "pull", "");
        JsonPath e = Api.await(run("bad-image", "{}"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(2, e.getList("attempts").size(), "retried once from the user budget");
        assertEquals("IMAGE_PULL", e.getString("error.code"));
        assertEquals("USER", e.getString("error.kind"));
        assertTrue(e.getString("error.message").contains("registry.example/sim:1.0"), e.getString("error.message"));
    }

    @Test
    void anInvalidImageNameOrAContainerConfigErrorFailsAtOnce() {
        for (String step : List.of("invalid-image", "config-error")) {
            scenario("fatal-" + step, "{\"retries\": 3}", step, "");
            JsonPath e = Api.await(run("fatal-" + step, "{}"));
            assertEquals("FAILED", e.getString("phase"), step);
            assertEquals(1, e.getList("attempts").size(), step);
            assertEquals("USER", e.getString("error.kind"), step);
            assertFalse(e.getBoolean("error.recoverable"), step);
        }
        JsonPath e = Api.await(run("fatal-config-error", "{}"));
        assertTrue(e.getString("error.message").contains("secret \"db-password\" not found"), e.getString("error.message"));
    }

    @Test
    void aPodPendingTooLongIsASystemFailure() {
        scenario("unschedulable", "{\"retries\": 0}", "unschedulable,ok", "");
        JsonPath e = Api.await(run("unschedulable", "{}"));
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("PENDING_TIMEOUT", e.getString("attempts[0].error.code"));
        assertEquals("SYSTEM", e.getString("attempts[0].error.kind"));
        assertTrue(e.getString("attempts[0].error.message").contains("0/3 nodes are available"), e.getString("attempts[0].error.message"));
    }

    @Test
    void oversizedOutputsAreAClearUserError() {
        String big = "{\"outputs\": {\"text\": \"" + "x".repeat(4090) + "\"}}";
        task("big-outputs", "{\"retries\": 2}", "{}", "{\"text\": {\"type\": \"string\"}}", "ok", big.substring(0, 4096));
        JsonPath e = Api.await(run("big-outputs", "{}"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("OUTPUTS_TOO_LARGE", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("blob"), e.getString("error.message"));
    }

    @Test
    void outputsAreCheckedAgainstTheInterface() {
        task("wrong-outputs", "{}", "{}", "{\"count\": {\"type\": \"integer\"}}", "ok", "{\"outputs\": {\"count\": \"many\"}}");
        JsonPath e = Api.await(run("wrong-outputs", "{}"));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("OUTPUT_MISMATCH", e.getString("error.code"));
    }

    @Test
    void aTimeoutDeletesThePod() {
        scenario("too-slow", "{\"retries\": 0, \"timeout\": \"PT1S\"}", "run", "");
        String id = run("too-slow", "{}");
        JsonPath e = Api.await(id);
        assertEquals("TIMED_OUT", e.getString("phase"));
        assertEquals(1, kubelet.created(id).size());
        await(() -> kubelet.podsOf(id).isEmpty() && configMapsOf(id).isEmpty(), "pod of " + id + " deleted after its timeout");
    }

    @Test
    void aPodLeftBehindByAnEndedAttemptIsDeletedAndOthersAreLeftAlone() {
        scenario("left-behind", "{}", "ok", "");
        String id = run("left-behind", "{}");
        assertEquals("SUCCEEDED", Api.await(id).getString("phase"));
        await(() -> kubelet.podsOf(id).isEmpty(), "pod of " + id + " deleted after success");
        Pod original = kubelet.created(id).get(0);
        String ns = original.getMetadata().getNamespace();
        // a pod of an execution this Kite does not know (another installation sharing the namespace)
        String foreign = java.util.UUID.randomUUID().toString();
        server.getClient().pods().inNamespace(ns).resource(copy(original, "foreign-pod", foreign)).create();
        // the ended attempt's pod again, as when Kite stopped between recording the end and deleting it
        server.getClient().pods().inNamespace(ns).resource(copy(original, original.getMetadata().getName(), id)).create();
        await(() -> kubelet.podsOf(id).isEmpty(), "the leftover pod of " + id + " deleted by the sweep");
        assertEquals(1, kubelet.podsOf(foreign).size(), "the unknown execution's pod is left alone");
        server.getClient().pods().inNamespace(ns).withName("foreign-pod").delete();
    }

    static Pod copy(Pod original, String name, String execution) {
        return new io.fabric8.kubernetes.api.model.PodBuilder(original).editMetadata().withName(name).withUid(null)
                .withResourceVersion(null).withCreationTimestamp(null).addToLabels("kite.dev/execution", execution).endMetadata()
                .withStatus(null).build();
    }

    @Test
    void anAbortDeletesThePod() {
        scenario("aborted", "{}", "run", "");
        String id = run("aborted", "{}");
        await(() -> !kubelet.podsOf(id).isEmpty(), "pod of " + id + " created");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals("ABORTED", Api.await(id).getString("phase"));
        await(() -> kubelet.podsOf(id).isEmpty() && configMapsOf(id).isEmpty(), "pod of " + id + " deleted after the abort");
    }

    @Test
    void fiftyConcurrentContainerExecutionsComplete() {
        task("fan-out", "{}", "{\"i\": {\"type\": \"integer\"}}", "{\"i\": {\"type\": \"integer\"}}",
                "ok", "{\"outputs\": {\"i\": {{.inputs.i}}}}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(run("fan-out", "{\"i\": " + i + "}"));
        }
        for (int i = 0; i < 50; i++) {
            JsonPath e = Api.await(ids.get(i));
            assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
            assertEquals(i, e.getInt("outputs.i"));
            assertEquals(1, kubelet.created(ids.get(i)).size(), "one pod per execution");
        }
    }

    @Test
    void transientApiServerErrorsCostNoAttempt() {
        scenario("flaky-api", "{\"retries\": 0}", "ok", "");
        server.expect().post().withPath("/api/v1/namespaces/" + project + "-development/pods")
                .andReturn(503, status(503, "ServiceUnavailable", "etcd leader changed")).times(2);
        JsonPath e = Api.await(run("flaky-api", "{}"));
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(1, e.getList("attempts").size(), "the API server's hiccup was retried in place");
    }

    @Test
    void aPodTheApiServerRejectsFailsAtOnceAndLeavesNothingBehind() {
        scenario("rejected", "{\"retries\": 3}", "ok", "");
        server.expect().post().withPath("/api/v1/namespaces/" + project + "-development/pods")
                .andReturn(422, status(422, "Invalid", "Pod x is invalid: spec.containers[0].resources.limits: exceeds quota"))
                .once();
        String id = run("rejected", "{}");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("KUBERNETES_REJECTED", e.getString("error.code"));
        assertEquals("USER", e.getString("error.kind"));
        assertTrue(e.getString("error.message").contains("exceeds quota"), e.getString("error.message"));
        await(() -> configMapsOf(id).isEmpty(), "the inputs ConfigMap of a pod never created is deleted");
    }

    static String status(int code, String reason, String message) {
        return "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"code\": " + code
                + ", \"reason\": \"" + reason + "\", \"message\": \"" + message + "\"}";
    }

    @Test
    void registrationChecksTheContainer() {
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "bad-container", "version": "v1"},
                 "type": "container",
                 "interface": {"inputs": {"name": {"type": "string"}}},
                 "container": {"image": "busybox", "args": ["echo {{.inputs.nmae}}"],
                               "resources": {"requests": {"memory": "1Gi"}, "limits": {"memory": "512Mi"}}}}
                """.formatted(project)).post("/api/v1/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("container.args[0]"))
                .body("errors.path", hasItem("container.resources.requests.memory"));
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "no-image", "version": "v1"},
                 "type": "container", "container": {"command": ["true"]}}
                """.formatted(project)).post("/api/v1/tasks")
                .then().statusCode(400).body("errors.path", hasItem("container.image"));
    }

    @Test
    void theLogOfARunningAttemptIsStreamed() {
        scenario("chatty", "{}", "run", "");
        String id = run("chatty", "{}");
        await(() -> !kubelet.podsOf(id).isEmpty(), "pod of " + id + " created");
        // the log is found through the attempt's handle, which the engine persists just after the create
        await(() -> given().get("/api/v1/executions/" + id).jsonPath().get("attempts[0].handle") != null,
                "handle of " + id + " persisted");
        Pod pod = kubelet.podsOf(id).get(0);
        server.expect().get().withPath("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + "/log?pretty=false&container=task")
                .andReturn(200, "line one\nline two\n").always();
        given().get("/api/v1/executions/" + id + "/attempts/0/logs").then().statusCode(200)
                .contentType(containsString("text/plain")).body(containsString("line one\nline two"));
        server.expect().get().withPath("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + "/log?pretty=false&container=task&tailLines=1&follow=true")
                .andReturn(200, "line two\n").always();
        given().get("/api/v1/executions/" + id + "/attempts/0/logs?follow=true&tailLines=1").then().statusCode(200)
                .body(org.hamcrest.Matchers.equalTo("line two\n"));
        // the same through the command line: the last attempt by default, followed
        dev.kite.server.cli.Cli.Result cli = dev.kite.server.cli.Cli.kite("logs", id);
        assertEquals(0, cli.code(), cli.toString());
        assertEquals("line one\nline two\n", cli.out());
        cli = dev.kite.server.cli.Cli.kite("logs", id, "--attempt", "0", "-f", "--tail", "1");
        assertEquals(0, cli.code(), cli.toString());
        assertEquals("line two\n", cli.out());
        assertEquals(3, dev.kite.server.cli.Cli.kite("logs", id, "--attempt", "7").code());
        given().get("/api/v1/executions/" + id + "/attempts/0/logs?tailLines=many").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", org.hamcrest.Matchers.equalTo("tailLines"));
        given().get("/api/v1/executions/" + id + "/attempts/7/logs").then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        await(() -> kubelet.podsOf(id).isEmpty(), "pod deleted");
        given().get("/api/v1/executions/" + id + "/attempts/0/logs").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no longer in the cluster"));
    }

    List<ConfigMap> configMapsOf(String id) {
        return server.getClient().configMaps().inAnyNamespace().withLabel("kite.dev/execution", id).list().getItems();
    }

    static void await(java.util.function.BooleanSupplier condition, String what) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
