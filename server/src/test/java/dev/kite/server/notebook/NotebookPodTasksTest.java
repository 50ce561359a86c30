package dev.kite.server.notebook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
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
 * with the termination message the executor wrote → typed outputs, or the failing cell.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(NotebookPodTasksTest.PodMode.class)
class NotebookPodTasksTest {

    public static class PodMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kite.notebook.mode", "kubernetes", "kite.notebook.pod.python", "/usr/bin/python3");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void theNotebookRunsInAPodAndItsOutputsComeBackTyped() throws Exception {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pod-report", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}, "label": {"type": "string"}},
                               "outputs": {"total": {"type": "integer"}, "label": {"type": "string"}}},
                 "container": {"image": "registry.example/notebooks:1"},
                 "config": {"notebook": %s}}
                """.formatted(p, NotebookTasksTest.notebook("#parameters\nn = 1\nlabel = 'a'", "total = n * 2",
                "import kite\nkite.record(total=total, label=label.upper())")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pod-report"}, "inputs": {"n": 21, "label": "pod"}}
                """.formatted(p));
        Pod pod = runPod(id);
        assertEquals("registry.example/notebooks:1", pod.getSpec().getContainers().get(0).getImage());
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(42, e.getInt("outputs.total"));
        assertEquals("POD", e.getString("outputs.label"));
        assertEquals(pod.getMetadata().getName(), e.getString("attempts[0].logs.pod"));
    }

    @Test
    void aFailingCellInThePodIsAUserErrorNamingTheCell() throws Exception {
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
        assertTrue(e.getString("attempts[0].error.message").startsWith("cell 2 (In ["), e.getString("attempts[0].error.message"));
        assertTrue(e.getString("attempts[0].error.message").contains("KeyError: 'missing 7'"), e.getString("attempts[0].error.message"));
    }

    /** What a kubelet does with the attempt's pod: runs its container's command, then writes its status. */
    Pod runPod(String execution) throws Exception {
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

        Path tmp = Files.createTempDirectory("kite-nb-pod");
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        for (Map.Entry<String, String> f : files.getData().entrySet()) {
            Files.writeString(mount.resolve(f.getKey()), f.getValue());
        }
        Path termination = tmp.resolve("termination-log");
        Container c = pod.getSpec().getContainers().get(0);
        List<String> command = new ArrayList<>();
        for (String a : c.getCommand()) {
            command.add(local(a, mount, tmp).replace("/dev/termination-log", termination.toString()));
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
        Process proc = pb.start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "the executor ended");
        String message = Files.readString(termination);
        int exit = proc.exitValue();
        String end = Instant.now().toString();
        status(k, ns, name, new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed").withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exit)
                                .withReason(exit == 0 ? "Completed" : "Error").withMessage(message).withFinishedAt(end)
                                .endTerminated().build()).build())
                .build());
        return pod;
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
