package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * The manifests an operator applies (scripts/manifests.sh over the build's generated ones) parse,
 * are accepted by an API server, and refer to each other consistently: the ServiceAccount the
 * task namespaces' RoleBindings bind exists, the Deployment's config and secrets exist, its probes
 * point at SmallRye Health and its Service at its port.
 */
class KiteManifestsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private KubernetesServer cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        cluster.before();
        client = cluster.getClient();
    }

    @AfterEach
    void stop() {
        cluster.after();
    }

    private static String manifests(String taskNamespaces, String replicas) throws Exception {
        Path out = Files.createTempFile("kite-manifests", ".yaml");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/manifests.sh", out.toString()).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("KITE_TASK_NAMESPACES", taskNamespaces);
        pb.environment().put("KITE_REPLICAS", replicas);
        Process run = pb.start();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "scripts/manifests.sh did not end");
        assertEquals(0, run.exitValue(), "scripts/manifests.sh failed");
        String yaml = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return yaml;
    }

    /** Loads every document and creates it on the API server, namespaces first (as kubectl apply would). */
    private List<HasMetadata> apply(String yaml) {
        List<HasMetadata> objects = new ArrayList<>(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items());
        assertFalse(objects.isEmpty(), "no object in the manifests");
        objects.sort(Comparator.comparing(o -> o instanceof Namespace ? 0 : 1));
        for (HasMetadata o : objects) {
            assertNotNull(o.getMetadata().getName(), "an object without a name: " + o.getKind());
            client.resource(o).create();
        }
        return objects;
    }

    @Test
    void everyObjectIsAcceptedAndTheReferencesHold() throws Exception {
        List<HasMetadata> objects = apply(manifests("demo-development demo-production", "3"));

        Deployment kite = client.apps().deployments().inNamespace("kite").withName("kite").get();
        assertNotNull(kite, "the kite Deployment in namespace kite");
        assertEquals(3, kite.getSpec().getReplicas());
        String account = kite.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertEquals("kite", account);
        assertNotNull(client.serviceAccounts().inNamespace("kite").withName(account).get(), "the Deployment's ServiceAccount");

        Container c = kite.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (String probe : List.of("liveness", "readiness", "startup")) {
            var p = switch (probe) {
                case "liveness" -> c.getLivenessProbe();
                case "readiness" -> c.getReadinessProbe();
                default -> c.getStartupProbe();
            };
            assertNotNull(p, probe + " probe");
            assertTrue(p.getHttpGet().getPath().startsWith("/q/health"), probe + " probe path " + p.getHttpGet().getPath());
        }
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                assertNotNull(client.configMaps().inNamespace("kite").withName(from.getConfigMapRef().getName()).get(),
                        "ConfigMap " + from.getConfigMapRef().getName());
            }
            if (from.getSecretRef() != null) {
                assertNotNull(client.secrets().inNamespace("kite").withName(from.getSecretRef().getName()).get(),
                        "Secret " + from.getSecretRef().getName());
            }
        }
        assertEquals(2, c.getEnvFrom().size(), "config and secrets as environment");
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("KITE_HOST") && e.getValue().equals("0.0.0.0")),
                "inside the cluster Kite listens on every address");
        assertNotNull(c.getResources().getLimits().get("memory"), "a memory limit");

        Service service = client.services().inNamespace("kite").withName("kite").get();
        assertNotNull(service, "the kite Service");
        int port = c.getPorts().get(0).getContainerPort();
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getTargetPort().getIntVal() == port),
                "the Service targets the container's port " + port);

        for (String ns : List.of("demo-development", "demo-production")) {
            assertNotNull(client.rbac().roles().inNamespace(ns).withName("kite-tasks").get(), "Role in " + ns);
            RoleBinding binding = client.rbac().roleBindings().inNamespace(ns).withName("kite-tasks").get();
            assertNotNull(binding, "RoleBinding in " + ns);
            for (Subject s : binding.getSubjects()) {
                assertNotNull(client.serviceAccounts().inNamespace(s.getNamespace()).withName(s.getName()).get(),
                        "the bound ServiceAccount " + s.getNamespace() + "/" + s.getName() + " exists");
            }
        }
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("ClusterRoleBinding")), "no cluster-wide rights");
    }

    @Test
    void aBadNamespaceNameIsRefused() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/manifests.sh", "/dev/null").directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("KITE_TASK_NAMESPACES", "Demo_Dev");
        Process run = pb.start();
        String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, run.exitValue());
        assertTrue(said.contains("'Demo_Dev' is not a namespace name"), said);
    }
}
