package dev.kite.plugin.container;

import static dev.kite.plugin.container.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;

import dev.kite.model.TaskTemplate;
import dev.kite.testkit.TestContext;
import dev.kite.spi.NoConfig;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskException;

/** kite.container.pod-template: task pods start from an operator's pod, whose content is kept. */
class PodTemplateTest {

    private static final String POD_YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: ignored
              namespace: ignored-too
              labels: {team: data}
              annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}
              uid: 1234
            spec:
              serviceAccountName: template-account
              securityContext: {runAsNonRoot: true, runAsUser: 1000}
              nodeSelector: {pool: batch}
              tolerations:
              - {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}
              volumes:
              - name: scratch
                emptyDir: {}
              containers:
              - name: proxy
                image: envoyproxy/envoy:v1.30
              - name: task
                image: placeholder
                command: [should, be, replaced]
                env:
                - {name: HTTP_PROXY, value: "http://localhost:3128"}
                - {name: KITE_SEED, value: "from the template"}
                - {name: GREETING, value: "from the template"}
                resources:
                  requests: {cpu: 250m, ephemeral-storage: 1Gi}
                  limits: {cpu: "2"}
                volumeMounts:
                - {name: scratch, mountPath: /scratch}
            status:
              phase: Running
            """;

    private static final TaskTemplate TASK = task("{'name': {'type': 'string'}}", "{'image': 'busybox:1.36',"
            + " 'args': ['{{.inputs.name}}'], 'env': {'GREETING': 'hi'}, 'resources': {'requests': {'cpu': '500m'}}}");

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static ContainerPlugin plugin(Path template, List<String> tolerations) {
        ContainerPlugin p = new ContainerPlugin();
        p.settings = Fixtures.Settings.defaults().podTemplate(template.toString()).tolerations(tolerations);
        p.clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
        return p;
    }

    private static Container named(Pod pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theTemplatesContentIsKeptAndTheTaskContainerOverlaid() throws IOException {
        ContainerPlugin plugin = plugin(file("pod.yaml", POD_YAML), List.of("spot=true:NoSchedule"));
        Pod pod = plugin.build(Fixtures.context(TASK, "{'name': 'Ada'}").interruptible(true));

        assertEquals("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0", pod.getMetadata().getName());
        assertEquals(null, pod.getMetadata().getNamespace());
        assertEquals(null, pod.getMetadata().getUid());
        assertEquals(null, pod.getStatus());
        assertEquals(Map.of("team", "data"), pod.getMetadata().getLabels());
        assertEquals("false", pod.getMetadata().getAnnotations().get("cluster-autoscaler.kubernetes.io/safe-to-evict"));

        assertEquals("template-account", pod.getSpec().getServiceAccountName());
        assertEquals(1000L, pod.getSpec().getSecurityContext().getRunAsUser());
        assertEquals(Map.of("pool", "batch"), pod.getSpec().getNodeSelector());
        assertEquals(List.of("dedicated", "spot"), pod.getSpec().getTolerations().stream().map(t -> t.getKey()).toList());
        assertEquals(List.of("scratch", "kite-inputs"), pod.getSpec().getVolumes().stream().map(Volume::getName).toList());
        assertEquals("Never", pod.getSpec().getRestartPolicy());

        assertEquals(List.of("proxy", "task"), pod.getSpec().getContainers().stream().map(Container::getName).toList());
        assertEquals("envoyproxy/envoy:v1.30", named(pod, "proxy").getImage());
        assertTrue(named(pod, "proxy").getEnv().isEmpty());
        Container task = named(pod, "task");
        assertEquals("busybox:1.36", task.getImage());
        assertEquals(List.of(), task.getCommand());
        assertEquals(List.of("Ada"), task.getArgs());
        List<EnvVar> env = task.getEnv();
        assertEquals("HTTP_PROXY", env.get(0).getName());
        assertEquals("KITE_EXECUTION_ID", env.get(1).getName());
        assertEquals("42", env.stream().filter(e -> e.getName().equals("KITE_SEED")).findFirst().orElseThrow().getValue());
        assertEquals(List.of("hi"), env.stream().filter(e -> e.getName().equals("GREETING")).map(EnvVar::getValue).toList());
        assertEquals(Map.of("cpu", new Quantity("500m"), "ephemeral-storage", new Quantity("1Gi")), task.getResources().getRequests());
        assertEquals(Map.of("cpu", new Quantity("2")), task.getResources().getLimits());
        assertEquals(List.of("/scratch", "/var/run/kite/inputs"), task.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
    }

    @Test
    void everyAttemptStartsFromTheTemplateAsRead() throws IOException {
        ContainerPlugin plugin = plugin(file("pod.yaml", POD_YAML), List.of("spot=true:NoSchedule"));
        TestContext<NoConfig> ctx = Fixtures.context(TASK, "{'name': 'Ada'}").interruptible(true);
        Pod first = plugin.build(ctx);
        Pod second = plugin.build(ctx.attempt(1));
        assertNotSame(first.getSpec(), second.getSpec());
        assertEquals(2, second.getSpec().getTolerations().size());
        assertEquals(2, second.getSpec().getVolumes().size());
        assertEquals(first.getSpec().getContainers().get(1).getEnv().size(), second.getSpec().getContainers().get(1).getEnv().size());
        assertEquals("placeholder", plugin.defaults().template().getSpec().getContainers().get(1).getImage());
        assertEquals(1, plugin.defaults().template().getSpec().getVolumes().size());
    }

    @Test
    void aPodTemplateInJsonWithoutATaskContainerGivesItsFirstContainer() throws IOException {
        Path json = file("template.json", """
                {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "kite-task"},
                 "template": {"metadata": {"labels": {"app": "kite"}},
                              "spec": {"priorityClassName": "batch-low",
                                       "containers": [{"name": "main", "image": "x",
                                                       "securityContext": {"readOnlyRootFilesystem": true}},
                                                      {"name": "logs", "image": "fluent-bit"}]}}}
                """);
        Pod pod = plugin(json, List.of()).build(Fixtures.context(TASK, "{'name': 'Ada'}"));
        assertEquals("batch-low", pod.getSpec().getPriorityClassName());
        assertEquals(Map.of("app", "kite"), pod.getMetadata().getLabels());
        assertEquals(List.of("task", "logs"), pod.getSpec().getContainers().stream().map(Container::getName).toList());
        Container task = pod.getSpec().getContainers().get(0);
        assertEquals("busybox:1.36", task.getImage());
        assertEquals(true, task.getSecurityContext().getReadOnlyRootFilesystem());
    }

    @Test
    void aBadTemplateMakesThePluginUnhealthyWithAClearMessage() throws IOException {
        Map<String, String> cases = Map.of(
                "kind: Pod\nspec: [", "is not valid YAML or JSON",
                "apiVersion: v1\nkind: Service\nspec: {}\n", "holds a Service; expected kind: Pod or kind: PodTemplate",
                "spec:\n  containers: []\n", "holds no kind; expected kind: Pod or kind: PodTemplate",
                "kind: Pod\nmetadata: {name: x}\n", "has no spec",
                "- a\n- b\n", "does not hold an object",
                "kind: Pod\nspec:\n  containers: 3\n", "is not a valid Pod");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path p = file("bad" + i++ + ".yaml", c.getKey());
            ContainerPlugin plugin = plugin(p, List.of());
            IllegalStateException e = assertThrows(IllegalStateException.class, plugin::check);
            assertTrue(e.getMessage().startsWith("kite.container.pod-template: " + p + " "), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
        ContainerPlugin missing = plugin(dir.resolve("nowhere.yaml"), List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::check);
        assertTrue(e.getMessage().contains("nowhere.yaml cannot be read: java.nio.file.NoSuchFileException"), e.getMessage());
    }

    @Test
    void anAttemptAfterABadTemplateFailsAsASystemError() throws IOException {
        ContainerPlugin plugin = plugin(file("bad.yaml", "kind: Service\n"), List.of("not a toleration"));
        TaskException e = assertThrows(TaskException.class, () -> plugin.build(Fixtures.context(TASK, "{'name': 'Ada'}")));
        assertEquals(ErrorKind.SYSTEM, e.error().kind());
        assertEquals("CONTAINER_SETTINGS", e.error().code());
        // both settings are reported at once
        assertTrue(e.error().message().contains("holds a Service")
                && e.error().message().contains("kite.container.interruptible.tolerations[0]: 'not a toleration'"),
                e.error().message());
    }

    @Test
    void theTemplateIsReadOnce() throws IOException {
        Path p = file("pod.yaml", POD_YAML);
        ContainerPlugin plugin = plugin(p, List.of());
        Pod first = plugin.build(Fixtures.context(TASK, "{'name': 'Ada'}"));
        Files.delete(p);
        Pod second = plugin.build(Fixtures.context(TASK, "{'name': 'Ada'}").attempt(1));
        assertEquals(first.getSpec().getContainers().size(), second.getSpec().getContainers().size());
    }
}
