package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * A Kite process killed with {@code kill -9} while its container attempt's pod runs: the restarted
 * process (or another one, once the lease expired) re-attaches to the pod through the persisted
 * handle and the watch — the pod is created exactly once — and takes the outputs from its
 * termination message when it ends. The API server is Quarkus's Kubernetes test server (CRUD
 * mode), started by this test; the kubelet is this test, writing the pod's status.
 */
class ContainerReattachIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("k8s").withKubernetes();

    private KubernetesServer cluster;
    private KiteProcess kite;

    @BeforeEach
    void start() {
        cluster = fixture.kubernetes();
    }

    private KiteProcess startKite(String node) {
        return fixture.start(node, Map.of("kite.kubernetes.resync", "1s"));
    }

    @Test
    void sameNodeRestartedReattachesToThePod() throws Exception {
        String node = KiteProcess.newNodeId("k8s");
        kite = startKite(node);
        Running running = submitAndKill();
        kite = startKite(node);
        assertCompletesWithOnePod(running, node);
    }

    @Test
    void anotherNodeTakesThePodOverAfterTheLease() throws Exception {
        kite = startKite(KiteProcess.newNodeId("k8s-dead"));
        Running running = submitAndKill();
        String heir = KiteProcess.newNodeId("k8s-heir");
        kite = startKite(heir);
        Poll.until(WAIT, "the orphan to be taken over by " + heir,
                () -> heir.equals(kite.execution(running.id).path("owner").asText()));
        assertCompletesWithOnePod(running, heir);
    }

    private record Running(String id, String namespace, String pod) {
    }

    private Running submitAndKill() {
        String p = kite.project();
        KiteProcess.Reply registered = kite.post("/api/v1/tasks", """
                {"id": {"project": "%s", "domain": "development", "name": "train", "version": "v1"},
                 "type": "container",
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"n": {"type": "integer"}}},
                 "metadata": {"retries": 0},
                 "container": {"image": "registry.example/train:1", "command": ["train"], "args": ["--n={{.inputs.n}}"]}}
                """.formatted(p));
        assertEquals(201, registered.status(), String.valueOf(registered.body()));
        String id = kite.submit(p, "train", 7);
        JsonNode attempt = kite.awaitHandle(id, 0, WAIT);
        String ns = attempt.path("handle").path("namespace").asText();
        String pod = attempt.path("handle").path("name").asText();
        assertEquals(List.of("--n=7"), cluster.getClient().pods().inNamespace(ns).withName(pod).get()
                .getSpec().getContainers().get(0).getArgs());
        kite.kill();
        // the kubelet starts the pod while no Kite runs
        cluster.getClient().pods().inNamespace(ns).withName(pod).editStatus(x -> {
            x.setStatus(new PodStatusBuilder().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("task").withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build()).build());
            return x;
        });
        return new Running(id, ns, pod);
    }

    private void assertCompletesWithOnePod(Running running, String owner) throws Exception {
        assertEquals("RUNNING", kite.execution(running.id).get("phase").asText());
        cluster.getClient().pods().inNamespace(running.namespace).withName(running.pod).editStatus(x -> {
            x.setStatus(new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("task").withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                            .withMessage("{\"outputs\": {\"n\": 8}}").endTerminated().build()).build()).build());
            return x;
        });
        JsonNode e = kite.awaitEnd(running.id, WAIT);
        assertEquals("SUCCEEDED", e.get("phase").asText(), e.toString());
        assertEquals(8, e.path("outputs").path("n").asInt());
        assertEquals(1, e.get("attempts").size(), "no new attempt: the running one was re-attached");
        assertEquals(owner, e.get("owner").asText());
        assertEquals(1, podCreations(), "the pod was created exactly once");
        Poll.until(WAIT, "the pod to be deleted after its success",
                () -> cluster.getClient().pods().inNamespace(running.namespace).withName(running.pod).get() == null);
    }

    /** POSTs of pods the API server received during the test. */
    private int podCreations() throws InterruptedException {
        int n = 0;
        RecordedRequest r;
        while ((r = cluster.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if ("POST".equals(r.getMethod()) && r.getPath().matches("/api/v1/namespaces/[^/]+/pods/?(\\?.*)?")) {
                n++;
            }
        }
        return n;
    }
}
