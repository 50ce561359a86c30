package dev.kite.server.notebook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The {@code notebook} task type in the pod mode end to end: REST → engine → the Kubernetes API
 * (Quarkus's Kubernetes test server, the client code that talks to a real cluster) → the pod and its
 * companion ConfigMap → a kubelet in this test that runs the pod's container command on this host
 * (the files of the ConfigMap where the pod mounts them, a real kernel) and writes the pod's status
 * with the termination message the executor wrote, while the executor PUTs its files to Kite's upload
 * URLs → typed outputs of any size and the executed notebook and HTML in the data store, or the
 * failing cell; the running cell as the attempt's message.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(NotebookPodTasksTest.PodMode.class)
class NotebookPodTasksTest {

    /** The pod mode, with Kite's upload URLs for the local store on a port of its own (the pod PUTs to it). */
    public static class PodMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = freePort();
            return Map.of("kite.notebook.mode", "kubernetes", "kite.notebook.pod.python", "/usr/bin/python3",
                    "quarkus.http.test-port", Integer.toString(port), "kite.storage.uploads.url", "http://127.0.0.1:" + port);
        }

        private static int freePort() {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                return s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void theNotebookRunsInAPodItsLargeOutputsComeBackTypedAndTheExecutedNotebookIsStored() throws Exception {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pod-report", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}, "label": {"type": "string"}},
                               "outputs": {"total": {"type": "integer"}, "label": {"type": "string"},
                                           "rows": {"type": {"collection": "string"}},
                                           "out_nb": {"type": {"blob": {}}}, "out_rendered_nb": {"type": {"blob": {}}}}},
                 "container": {"image": "registry.example/notebooks:1"},
                 "config": {"notebook": %s}}
                """.formatted(p, NotebookTasksTest.notebook("#parameters\nn = 1\nlabel = 'a'", "total = n * 2\nprint('the total is', total)",
                "import kite\nkite.record(total=total, label=label.upper(), rows=['row %05d ' % i + 'x' * 40 for i in range(200)])")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pod-report"}, "inputs": {"n": 21, "label": "pod"}}
                """.formatted(p));
        Ran ran = runPod(id);
        assertEquals("registry.example/notebooks:1", ran.pod().getSpec().getContainers().get(0).getImage());
        assertTrue(ran.message().length() < 300, "the termination message is a short report: " + ran.message());
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(42, e.getInt("outputs.total"));
        assertEquals("POD", e.getString("outputs.label"));
        List<String> rows = e.getList("outputs.rows");
        assertEquals(200, rows.size(), "outputs of some 10 KB, more than a termination message holds");
        assertEquals("row 00199 " + "x".repeat(40), rows.get(199));
        assertEquals(ran.pod().getMetadata().getName(), e.getString("attempts[0].logs.pod"));

        JsonNode nb = JSON.readTree(Path.of(URI.create(e.getString("outputs.out_nb.uri"))).toFile());
        assertEquals("injected-parameters", nb.at("/cells/1/metadata/tags/0").asText());
        assertTrue(nb.at("/cells/1/source").toString().contains("n = 21"), nb.at("/cells/1").toString());
        assertEquals(3, nb.at("/cells/2/execution_count").asInt(), "the cells after the injected one ran");
        assertEquals("nbclient", nb.at("/metadata/kite/executor").asText(), "auto: papermill is not installed here");
        String html = Files.readString(Path.of(URI.create(e.getString("outputs.out_rendered_nb.uri"))));
        assertTrue(html.contains("the total is 42"), "the HTML renders the executed notebook with its outputs");
    }

    @Test
    void aFailingCellInThePodIsAUserErrorNamingTheCellAndTheFailedNotebookIsStored() throws Exception {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pod-fails", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}}},
                 "container": {"image": "registry.example/notebooks:1"},
                 "config": {"notebook": %s}}
                """.formatted(p, NotebookTasksTest.notebook("#parameters\nn = 1", "x = n", "raise KeyError('missing ' + str(n))")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pod-fails"}, "inputs": {"n": 7}}
                """.formatted(p));
        runPod(id);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e::prettify);
        assertEquals("USER", e.getString("attempts[0].error.kind"));
        assertEquals("NOTEBOOK_CELL_FAILED", e.getString("attempts[0].error.code"));
        String message = e.getString("attempts[0].error.message");
        assertTrue(message.startsWith("cell 2 (In [4]) raised KeyError: 'missing 7'\n"), message);
        assertTrue(message.contains("----> 1 raise KeyError('missing ' + str(n))"), message);
        NotebookTasksTest.assertStoredFailedNotebook(message, "missing 7");
    }

    @Test
    void whileAPodRunsTheAttemptShowsWhichCellRuns() throws Exception {
        String p = Api.project();
        Path flag = Files.createTempDirectory("kite-nb-flag").resolve("go");
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pod-waits", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"flag": {"type": "string"}}},
                 "container": {"image": "registry.example/notebooks:1"},
                 "config": {"notebook": %s}}
                """.formatted(p, NotebookTasksTest.notebook("#parameters\nflag = ''", "import os, time",
                "while not os.path.exists(flag):\n    time.sleep(0.2)", "print('done')")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pod-waits"}, "inputs": {"flag": "%s"}}
                """.formatted(p, flag));
        Started started = startPod(id);
        String seen = "";
        for (int i = 0; i < 3000 && !seen.startsWith("running cell 3 of 4 (code cell 3 of 4) for "); i++) {
            Api.pause();
            seen = String.valueOf(given().get("/api/v1/executions/" + id).jsonPath().getString("attempts[0].message"));
        }
        assertTrue(seen.startsWith("running cell 3 of 4 (code cell 3 of 4) for "), seen);
        Files.writeString(flag, "go");
        finishPod(started);
        assertEquals("SUCCEEDED", Api.await(id).getString("phase"));
    }

    @Test
    void aNotebookInTheDataStoreRunsInAPod() throws Exception {
        String p = Api.project();
        URI stored = NotebookTasksTest.stored("report.ipynb", NotebookTasksTest.notebook("#parameters\nn = 1",
                "import kite\nkite.record(twice=n * 2)"));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pod-stored", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"twice": {"type": "integer"}}},
                 "container": {"image": "registry.example/notebooks:1"},
                 "config": {"notebookUri": "%s"}}
                """.formatted(p, stored));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pod-stored"}, "inputs": {"n": 8}}
                """.formatted(p));
        runPod(id);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(16, e.getInt("outputs.twice"));
    }

    @Test
    void anUploadUrlThatKiteDidNotSignIsRefused() {
        given().body("x").put("/uploads/eyJhIjoiYiJ9.AAAA").then().statusCode(403);
        given().body("x").put("/uploads/garbage").then().statusCode(403);
    }

    record Ran(Pod pod, String message) {
    }

    record Started(Pod pod, Process process, Path termination) {
    }

    /** What a kubelet does with the attempt's pod: runs its container's command, then writes its status. */
    Ran runPod(String execution) throws Exception {
        return finishPod(startPod(execution));
    }

    /** The pod's container started on this host, its files where the pod mounts them; the pod marked running. */
    Started startPod(String execution) throws Exception {
        KubernetesClient k = server.getClient();
        Pod pod = null;
        for (int i = 0; i < 2000 && pod == null; i++) {
            pod = k.pods().inAnyNamespace().withLabel("kite.dev/execution", execution).list().getItems().stream().findFirst()
                    .orElse(null);
            if (pod == null) {
                Api.pause();
            }
        }
        assertTrue(pod != null, "the attempt's pod was created");
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        ConfigMap files = k.configMaps().inNamespace(ns).withName(name + "-notebook").get();
        assertTrue(files != null, "the notebook's ConfigMap exists before the pod");
        Secret uploads = k.secrets().inNamespace(ns).withName(name + "-uploads").get();
        assertTrue(uploads != null, "the Secret with the upload URLs exists before the pod");

        Path tmp = Files.createTempDirectory("kite-nb-pod");
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        for (Map.Entry<String, String> f : files.getData().entrySet()) {
            Files.writeString(mount.resolve(f.getKey()), f.getValue());
        }
        Path urls = Files.createDirectories(tmp.resolve("uploads"));
        for (Map.Entry<String, String> f : uploads.getData().entrySet()) {
            Files.write(urls.resolve(f.getKey()), Base64.getDecoder().decode(f.getValue()));
        }
        Path termination = tmp.resolve("termination-log");
        Container c = pod.getSpec().getContainers().get(0);
        List<String> command = new ArrayList<>();
        for (String a : c.getCommand()) {
            command.add(local(a, mount, tmp).replace("/var/run/kite/uploads", urls.toString())
                    .replace("/dev/termination-log", termination.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
        for (EnvVar v : c.getEnv()) {
            pb.environment().put(v.getName(), local(v.getValue() == null ? "" : v.getValue(), mount, tmp));
        }
        pb.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        String now = Instant.now().toString();
        status(k, ns, name, new PodStatusBuilder().withPhase("Running").withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build()).build())
                .build());
        return new Started(pod, pb.start(), termination);
    }

    /** Waits for the container's command to end, then writes the pod's status with its termination message. */
    Ran finishPod(Started s) throws Exception {
        KubernetesClient k = server.getClient();
        String ns = s.pod().getMetadata().getNamespace();
        String name = s.pod().getMetadata().getName();
        assertTrue(s.process().waitFor(120, TimeUnit.SECONDS), "the executor ended");
        String message = Files.readString(s.termination());
        int exit = s.process().exitValue();
        String end = Instant.now().toString();
        status(k, ns, name, new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed").withStartTime(end)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exit)
                                .withReason(exit == 0 ? "Completed" : "Error").withMessage(message).withFinishedAt(end)
                                .endTerminated().build()).build())
                .build());
        return new Ran(s.pod(), message);
    }

    private static String local(String s, Path mount, Path tmp) {
        return s.replace("/var/run/kite/notebook", mount.toString()).replace("/tmp/kite-notebook", tmp.toString());
    }

    private static void status(KubernetesClient k, String ns, String name, io.fabric8.kubernetes.api.model.PodStatus s) {
        k.pods().inNamespace(ns).withName(name).editStatus(p -> {
            p.setStatus(s);
            return p;
        });
    }
}
