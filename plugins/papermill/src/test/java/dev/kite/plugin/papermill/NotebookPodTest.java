package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.json;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;

import dev.kite.model.FieldError;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.TaskPod;
import dev.kite.testkit.Contexts;
import dev.kite.testkit.Kubelet;
import dev.kite.testkit.KubernetesRun;
import dev.kite.testkit.TestContext;
import dev.kite.testkit.TestDataStore;

/**
 * The pod mode: the attempt's pod from the one pod builder, the parameterized notebook and the
 * executor in its companion, the executor's report (written by the real executor script with a
 * real kernel here) classified from the termination message, pod failures as the container
 * plugin's.
 */
class NotebookPodTest {

    static final ObjectNode NOTEBOOK = python(code("import math"), tagged("parameters", "n = 1\nlabel = 'a'\n"),
            code("total = n * 2"), tagged("outputs", "{'total': total, 'label': label}"));

    static TaskTemplate task(ObjectNode notebook, String outputs) {
        ObjectNode body = (ObjectNode) json("{'id': {'project': 'demo', 'domain': 'development', 'name': 'report',"
                + " 'version': 'v1'}, 'type': 'notebook',"
                + " 'interface': {'inputs': {'n': {'type': 'integer'}, 'label': {'type': 'string'}}, 'outputs': " + outputs + "},"
                + " 'container': {'image': 'registry.example/notebooks:1', 'resources': {'requests': {'cpu': '1', 'memory': '2Gi'}}}}");
        body.putObject("config").set("notebook", notebook);
        return TaskTemplate.fromJson(body);
    }

    static final TaskTemplate TASK = task(NOTEBOOK, "{'total': {'type': 'integer'}, 'label': {'type': 'string'}}");

    static NotebookPodPlugin plugin(Path tmp) {
        NotebookPodPlugin p = new NotebookPodPlugin();
        p.settings = Fixtures.settings(tmp, NotebookSettings.Mode.KUBERNETES);
        p.cluster = Optional::empty;
        p.clock = java.time.Clock.fixed(Contexts.NOW, java.time.ZoneOffset.UTC);
        return p;
    }

    static TestContext<NotebookConfig> context(NotebookPodPlugin p) {
        return Contexts.of(p).task(TASK).data(TestDataStore.temporary().withUploads()).inputs("{\"n\": 21, \"label\": \"it's\"}")
                .build();
    }

    static ConfigMap notebookMap(KubernetesRun<NotebookConfig, Pod> run) {
        return run.companions().stream().filter(c -> c.getMetadata().getName().endsWith("-notebook"))
                .map(ConfigMap.class::cast).findFirst().orElseThrow();
    }

    @Test
    void thePodRunsTheExecutorOnTheParameterizedNotebookFromItsCompanion(@TempDir Path tmp) throws Exception {
        KubernetesRun<NotebookConfig, Pod> run = KubernetesRun.of(plugin(tmp), context(plugin(tmp)));
        Pod pod = run.build();
        Container c = pod.getSpec().getContainers().get(0);
        assertEquals(TaskPod.CONTAINER, c.getName());
        assertEquals("registry.example/notebooks:1", c.getImage());
        assertEquals("2Gi", c.getResources().getRequests().get("memory").toString());
        assertEquals("notebooks", pod.getSpec().getServiceAccountName(), "kite.notebook.pod.default-service-account");
        assertEquals(List.of("python3", "/var/run/kite/notebook/kite_notebook_runner.py", "/var/run/kite/notebook/notebook.ipynb",
                "/tmp/kite-notebook/out", "python3", "/tmp/kite-notebook/work", "--executor", "auto",
                "--uploads", "/var/run/kite/uploads/uploads.json", "--termination-log", "/dev/termination-log"), c.getCommand());
        assertEquals("/var/run/kite/notebook", env(c).get("PYTHONPATH"));
        assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getConfigMap() != null
                && v.getConfigMap().getName().equals(pod.getMetadata().getName() + "-notebook")));
        assertEquals(3, run.companions().size(), "the inputs file, the notebook and the upload URLs");
        Secret uploads = (Secret) run.companions().get(2);
        JsonNode urls = json(new String(Base64.getDecoder().decode(uploads.getData().get("uploads.json")), StandardCharsets.UTF_8));
        List<String> files = new ArrayList<>();
        urls.fieldNames().forEachRemaining(files::add);
        assertEquals(List.of("executed.ipynb", "executed.html", "result.json", "progress.json"), files);
        assertTrue(urls.path("result.json").asText().startsWith("http://127.0.0.1:"), urls::toString);

        JsonNode nb = json(notebookMap(run).getData().get("notebook.ipynb"));
        JsonNode injected = nb.path("cells").path(2);
        assertEquals("injected-parameters", injected.path("metadata").path("tags").path(0).asText());
        assertTrue(injected.path("source").asText().contains("n = 21"), injected.toString());
        assertTrue(notebookMap(run).getData().get("kite_notebook_runner.py").contains("def report_in_pod"));
    }

    @Test
    void theExecutorsReportInTheTerminationMessageGivesTypedOutputs(@TempDir Path tmp) throws Exception {
        NotebookPodPlugin p = plugin(tmp);
        KubernetesRun<NotebookConfig, Pod> run = KubernetesRun.of(p, context(p));
        run.build();
        Executed e = execute(run, tmp);
        assertEquals(0, e.exit());
        assertTrue(e.message().contains("\"stored\": true"), e.message());
        TaskStatus s = run.finish(run.play(Kubelet.script("ok", e.message(), Contexts.NOW)));
        assertEquals(TaskStatus.Phase.SUCCEEDED, s.phase(), () -> String.valueOf(s.error()));
        assertEquals(42, s.outputs().path("total").intValue());
        assertEquals("it's", s.outputs().path("label").textValue());
    }

    @Test
    void aFailingCellIsAUserErrorNamingTheCellAsInTheLocalMode(@TempDir Path tmp) throws Exception {
        NotebookPodPlugin p = plugin(tmp);
        TaskTemplate failing = task(python(tagged("parameters", "n = 1\nlabel = 'a'\n"), code("x = 1"),
                code("raise ValueError('bad ' + label)")), "{}");
        KubernetesRun<NotebookConfig, Pod> run = KubernetesRun.of(p, Contexts.of(p).task(failing)
                .data(TestDataStore.temporary().withUploads()).inputs("{\"n\": 1, \"label\": \"input\"}").build());
        run.build();
        Executed e = execute(run, tmp);
        assertEquals(1, e.exit());
        TaskStatus s = run.finish(run.play(Kubelet.script("exit:1", e.message(), Contexts.NOW)));
        assertEquals(TaskStatus.Phase.FAILED, s.phase());
        assertEquals(ErrorKind.USER, s.error().kind());
        assertEquals("NOTEBOOK_CELL_FAILED", s.error().code());
        assertTrue(s.error().message().startsWith("cell 2 (In ["), s.error().message());
        assertTrue(s.error().message().contains(" raised ValueError: bad input\n"), s.error().message());
        assertTrue(s.error().message().contains("executed notebook: file:"), s.error().message());
        assertTrue(s.error().message().contains("/executed.ipynb, HTML: file:"), s.error().message());
    }

    @Test
    void aPodStoppedByKiteUploadsTheNotebookAsFarAsItRan(@TempDir Path tmp) throws Exception {
        NotebookPodPlugin p = plugin(tmp);
        TaskTemplate sleeper = task(python(tagged("parameters", "n = 1\nlabel = 'a'\n"), code("print('before the sleep', n)"),
                code("import time\ntime.sleep(600)")), "{}");
        TestContext<NotebookConfig> ctx = Contexts.of(p).task(sleeper).data(TestDataStore.temporary().withUploads())
                .inputs("{\"n\": 5, \"label\": \"x\"}").build();
        KubernetesRun<NotebookConfig, Pod> run = KubernetesRun.of(p, ctx);
        run.build();
        Process proc = start(run, tmp);
        java.net.URI progress = Outcome.under(ctx.rawOutputPrefix(), "progress.json");
        String seen = "";
        for (int i = 0; i < 1200 && !seen.contains("\"index\": 3"); i++) {
            Thread.sleep(100);
            seen = ctx.data().head(progress).await().indefinitely().isPresent()
                    ? new String(ctx.data().read(progress).await().indefinitely(), StandardCharsets.UTF_8) : "";
        }
        assertTrue(seen.contains("\"index\": 3"), "the sleeping cell started: " + seen);
        List<ProcessHandle> kernel = proc.descendants().toList();
        proc.destroy(); // SIGTERM, as the kubelet stops a deleted pod's container
        boolean ended = proc.waitFor(60, TimeUnit.SECONDS);
        kernel.forEach(ProcessHandle::destroyForcibly); // in a pod the container's end takes the kernel with it
        assertTrue(ended, "the executor ended");
        assertEquals(1, proc.exitValue(), "nbclient shut the kernel down on SIGTERM; the run ended as failed");
        JsonNode nb = json(new String(ctx.data().read(Outcome.under(ctx.rawOutputPrefix(), "executed.ipynb")).await()
                .indefinitely(), StandardCharsets.UTF_8));
        // found by its source: whether the stop is marked like a failure (a notice at the top shifts the cells) depends
        // on how the kernel went, so the cell's position is not fixed
        JsonNode printed = null;
        for (JsonNode cell : nb.path("cells")) {
            if (cell.path("source").toString().contains("print('before the sleep'")) {
                printed = cell;
            }
        }
        assertNotNull(printed, nb::toString);
        assertTrue(printed.path("outputs").toString().contains("before the sleep 5"), printed::toString);
        assertTrue(ctx.data().head(Outcome.under(ctx.rawOutputPrefix(), "executed.html")).await().indefinitely().isPresent());
    }

    @Test
    void podFailuresAreClassifiedAsForContainerTasks(@TempDir Path tmp) {
        NotebookPodPlugin p = plugin(tmp);
        KubernetesRun<NotebookConfig, Pod> run = KubernetesRun.of(p, context(p));
        run.build();
        TaskStatus s = run.play(Kubelet.script("oom", null, Contexts.NOW));
        assertEquals(TaskStatus.Phase.FAILED, s.phase());
        assertEquals(ErrorKind.SYSTEM, s.error().kind());
        assertEquals("OOM_KILLED", s.error().code());
    }

    @Test
    void aCommandIsRefusedInThePodMode(@TempDir Path tmp) {
        ObjectNode body = (ObjectNode) TASK.toJson().deepCopy();
        ((ObjectNode) body.get("container")).putArray("command").add("sh");
        List<String> paths = Contexts.problems(plugin(tmp), TaskTemplate.fromJson(body)).stream().map(FieldError::path).toList();
        assertEquals(List.of("container"), paths);
    }

    @Test
    void eachPluginRefusesToServeInTheOtherMode(@TempDir Path tmp) {
        IllegalStateException local = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> {
                    NotebookPlugin l = new NotebookPlugin();
                    l.settings = Fixtures.settings(tmp, NotebookSettings.Mode.KUBERNETES);
                    l.check();
                });
        assertTrue(local.getMessage().contains("notebook-pod"), local.getMessage());
        NotebookPodPlugin pod = plugin(tmp);
        pod.settings = Fixtures.settings(tmp, NotebookSettings.Mode.LOCAL);
        IllegalStateException remote = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, pod::check);
        assertTrue(remote.getMessage().contains("kite.notebook.mode=local"), remote.getMessage());
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            out.put(e.getName(), e.getValue());
        }
        return out;
    }

    record Executed(int exit, String message) {
    }

    /**
     * What the pod's container does, here: the companion's files where the pod mounts them
     * (under {@code tmp}), the container's command with those paths, a real kernel.
     */
    static Executed execute(KubernetesRun<NotebookConfig, Pod> run, Path tmp) throws Exception {
        Process proc = start(run, tmp);
        Path termination = tmp.resolve("termination-log");
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "the executor ended");
        assertTrue(Files.exists(termination), () -> "no termination message; " + read(tmp.resolve("executor.log")));
        return new Executed(proc.exitValue(), Files.readString(termination));
    }

    /** The container's command started on this host, its files where the pod mounts them. */
    static Process start(KubernetesRun<NotebookConfig, Pod> run, Path tmp) throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        notebookMap(run).getData().forEach((k, v) -> {
            try {
                Files.writeString(mount.resolve(k), v);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path uploads = Files.createDirectories(tmp.resolve("uploads"));
        Secret urls = (Secret) run.companions().get(2);
        Files.write(uploads.resolve("uploads.json"), Base64.getDecoder().decode(urls.getData().get("uploads.json")));
        Path termination = tmp.resolve("termination-log");
        Container c = run.object().getSpec().getContainers().get(0);
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/python3");
        for (String a : c.getCommand().subList(1, c.getCommand().size())) {
            command.add(a.replace(NotebookPodPlugin.UPLOADS_MOUNT, uploads.toString()).replace(NotebookPodPlugin.MOUNT, mount.toString()).replace(NotebookPodPlugin.SCRATCH, scratch.toString())
                    .replace(TaskPod.TERMINATION_LOG, termination.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("executor.log").toFile());
        env(c).forEach((k, v) -> pb.environment().put(k, v.replace(NotebookPodPlugin.MOUNT, mount.toString())
                .replace(NotebookPodPlugin.SCRATCH, scratch.toString())));
        pb.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        return pb.start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
