package dev.kite.plugin.container;

import static dev.kite.plugin.container.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import dev.kite.model.TaskTemplate;
import dev.kite.testkit.TestContext;
import dev.kite.spi.NoConfig;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.kubernetes.KubernetesPlugin.PodLog;
import dev.kite.spi.TaskException;
import dev.kite.spi.kubernetes.Tolerations;

/** The pod of one attempt: the task's container, Kite's variables, the inputs file and the cluster-side deadline. */
class AttemptPodTest {

    private static final String INPUTS = "{'name': {'type': 'string'}}";
    private static final TaskTemplate TASK = task(INPUTS, "{'image': 'busybox:1.36', 'command': ['sh', '-c'],"
            + " 'args': ['echo {{.inputs.name}}'], 'env': {'GREETING': 'hi'},"
            + " 'resources': {'requests': {'cpu': '500m', 'memory': '256Mi'}, 'limits': {'memory': '512Mi'}}}");
    private static final TestContext<NoConfig> CTX = Fixtures.context(TASK, "{'name': 'Ada'}");

    private static ContainerPlugin plugin(Fixtures.Settings settings) {
        ContainerPlugin p = new ContainerPlugin();
        p.settings = settings;
        p.clock = java.time.Clock.fixed(Fixtures.NOW, java.time.ZoneOffset.UTC);
        return p;
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    @Test
    void onePodWithOneContainerNamedTask() {
        Pod pod = plugin(Fixtures.Settings.defaults()).build(CTX);
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0", pod.getMetadata().getName());
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertEquals(1, pod.getSpec().getContainers().size());
        Container c = pod.getSpec().getContainers().get(0);
        assertEquals("task", c.getName());
        assertEquals("busybox:1.36", c.getImage());
        assertEquals(List.of("sh", "-c"), c.getCommand());
        assertEquals(List.of("echo Ada"), c.getArgs());
        assertEquals("/dev/termination-log", c.getTerminationMessagePath());
        assertEquals("File", c.getTerminationMessagePolicy());
        assertEquals(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")), c.getResources().getRequests());
        assertEquals(Map.of("memory", new Quantity("512Mi")), c.getResources().getLimits());
        assertNull(pod.getSpec().getServiceAccountName());
        assertTrue(pod.getSpec().getTolerations().isEmpty());
        assertTrue(pod.getSpec().getNodeSelector().isEmpty());
    }

    @Test
    void kiteSetsItsVariablesBeforeTheTasksOwn() {
        Container c = plugin(Fixtures.Settings.defaults()).build(CTX.attempt(2).interruptible(true)).getSpec().getContainers().get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("KITE_EXECUTION_ID", "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        expected.put("KITE_ATTEMPT", "2");
        expected.put("KITE_START_TIME", "2025-03-01T11:59:30Z");
        expected.put("KITE_SEED", "42");
        expected.put("KITE_INTERRUPTIBLE", "true");
        expected.put("KITE_TASK", "demo/development/greet/v1");
        expected.put("KITE_INPUTS", "/var/run/kite/inputs/inputs.json");
        expected.put("KITE_OUTPUTS", "/dev/termination-log");
        expected.put("GREETING", "hi");
        assertEquals(expected, env(c));
        assertEquals(List.copyOf(expected.keySet()), c.getEnv().stream().map(EnvVar::getName).toList());
    }

    @Test
    void theInputsFileIsAConfigMapMountedReadOnly() {
        ContainerPlugin plugin = plugin(Fixtures.Settings.defaults());
        Pod pod = plugin.build(CTX);
        Volume v = pod.getSpec().getVolumes().get(0);
        assertEquals("kite-inputs", v.getName());
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0-inputs", v.getConfigMap().getName());
        assertNull(v.getSecret());
        VolumeMount m = pod.getSpec().getContainers().get(0).getVolumeMounts().get(0);
        assertEquals(List.of("kite-inputs", "/var/run/kite/inputs", true), List.of(m.getName(), m.getMountPath(), m.getReadOnly()));

        List<HasMetadata> companions = plugin.companions(CTX);
        assertEquals(1, companions.size());
        ConfigMap cm = assertInstanceOf(ConfigMap.class, companions.get(0));
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0-inputs", cm.getMetadata().getName());
        assertEquals(Map.of("inputs.json", "{\"name\":\"Ada\"}"), cm.getData());
        assertTrue(cm.getImmutable());
    }

    @Test
    void sensitiveInputsComeFromASecret() {
        TaskTemplate t = task(INPUTS, "{'image': 'busybox', 'sensitiveInputs': true}");
        TestContext<NoConfig> ctx = Fixtures.context(t, "{'name': 'Ada'}");
        ContainerPlugin plugin = plugin(Fixtures.Settings.defaults());
        Volume v = plugin.build(ctx).getSpec().getVolumes().get(0);
        assertNull(v.getConfigMap());
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0-inputs", v.getSecret().getSecretName());
        Secret s = assertInstanceOf(Secret.class, plugin.companions(ctx).get(0));
        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0-inputs", s.getMetadata().getName());
        assertEquals("{\"name\":\"Ada\"}", new String(Base64.getDecoder().decode(s.getData().get("inputs.json")),
                StandardCharsets.UTF_8));
    }

    @Test
    void inputsOverAMillionBytesAreRefusedBeforeAnythingIsCreated() {
        ContainerPlugin plugin = plugin(Fixtures.Settings.defaults());
        // {"name":"…"} is 11 bytes plus the string
        TestContext<NoConfig> atLimit = Fixtures.context(TASK, "{'name': '" + "x".repeat(1_000_000 - 11) + "'}");
        assertEquals(1, plugin.companions(atLimit).size());
        TestContext<NoConfig> over = Fixtures.context(TASK, "{'name': '" + "x".repeat(1_000_000 - 10) + "'}");
        for (Runnable r : List.<Runnable>of(() -> plugin.build(over), () -> plugin.companions(over))) {
            TaskException e = assertThrows(TaskException.class, r::run);
            assertEquals(ErrorKind.USER, e.error().kind());
            assertEquals(false, e.error().recoverable());
            assertEquals("INPUTS_TOO_LARGE", e.error().code());
            assertTrue(e.error().message().contains("1000001 bytes") && e.error().message().contains("pass large data as blobs"),
                    e.error().message());
        }
    }

    @Test
    void theClusterStopsThePodAMinuteAfterTheDeadline() {
        ContainerPlugin plugin = plugin(Fixtures.Settings.defaults());
        assertEquals(5 * 60 + 60, plugin.build(CTX).getSpec().getActiveDeadlineSeconds());
        assertEquals(60, plugin.build(CTX.deadline(Fixtures.NOW)).getSpec().getActiveDeadlineSeconds());
        assertEquals(1, plugin.build(CTX.deadline(Fixtures.NOW.minus(Duration.ofHours(1)))).getSpec().getActiveDeadlineSeconds());
    }

    @Test
    void theServiceAccountIsTheTasksElseTheDefault() {
        Fixtures.Settings withDefault = new Fixtures.Settings(Optional.empty(), Optional.of("kite-tasks"),
                Duration.ofMinutes(3), Duration.ofMinutes(10), Optional.empty(), Map.of());
        assertEquals("kite-tasks", plugin(withDefault).build(CTX).getSpec().getServiceAccountName());
        TaskTemplate own = task(INPUTS, "{'image': 'busybox', 'serviceAccount': 'runner'}");
        assertEquals("runner", plugin(withDefault).build(Fixtures.context(own, "{'name': 'Ada'}")).getSpec()
                .getServiceAccountName());
        Fixtures.Settings badDefault = new Fixtures.Settings(Optional.empty(), Optional.of("Kite Tasks"),
                Duration.ofMinutes(3), Duration.ofMinutes(10), Optional.empty(), Map.of());
        assertEquals("kite.container.default-service-account: 'Kite Tasks' is not a valid service account name",
                assertThrows(IllegalStateException.class, plugin(badDefault)::check).getMessage());
    }

    @Test
    void interruptibleAttemptsGetTheTolerationsAndNodeSelector() {
        Fixtures.Settings s = new Fixtures.Settings(Optional.empty(), Optional.empty(), Duration.ofMinutes(3),
                Duration.ofMinutes(10), Optional.of(List.of("cloud.google.com/gke-preemptible=true:NoSchedule", "spot:NoExecute")),
                Map.of("cloud.google.com/gke-spot", "true"));
        ContainerPlugin plugin = plugin(s);
        Pod pod = plugin.build(CTX.interruptible(true));
        assertEquals(List.of(Tolerations.parse("cloud.google.com/gke-preemptible=true:NoSchedule"),
                Tolerations.parse("spot:NoExecute")), pod.getSpec().getTolerations());
        assertEquals(Map.of("cloud.google.com/gke-spot", "true"), pod.getSpec().getNodeSelector());

        Pod regular = plugin.build(CTX.interruptible(false));
        assertTrue(regular.getSpec().getTolerations().isEmpty());
        assertTrue(regular.getSpec().getNodeSelector().isEmpty());
    }

    @Test
    void theLogIsTheTaskContainersOfThePod() {
        assertEquals(Optional.of(new PodLog("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-3", "task")),
                plugin(Fixtures.Settings.defaults()).log(CTX.attempt(3)));
    }

    @Test
    void aTaskThatNoLongerValidatesFailsAsAUserError() {
        TaskTemplate bad = task(INPUTS, "{'image': 'busybox', 'args': ['{{.inputs.nope}}']}");
        TaskException e = assertThrows(TaskException.class,
                () -> plugin(Fixtures.Settings.defaults()).build(Fixtures.unchecked(bad, "{'name': 'Ada'}")));
        assertEquals("INVALID_CONFIG", e.error().code());
        assertEquals("container.args[0]: unknown input 'nope' in {{.inputs.nope}}; known: name", e.error().message());
        assertEquals(false, e.error().recoverable());
    }
}
