package dev.kite.plugin.papermill;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.data.DataStore;

/**
 * The task type {@code notebook}: a Jupyter notebook run as papermill runs it, executed here by
 * nbclient with a real kernel. {@code submit} reads the notebook (inline or from the data store),
 * checks it against the interface, injects the inputs as an {@code injected-parameters} cell
 * ({@link Notebook#parameterize}, {@link Translator}), downloads blob inputs and starts the
 * executor as a child process ({@link Executor}); {@code poll} reports the running cell and, once
 * the executor wrote its result, stores the executed notebook and its HTML and maps the result to
 * a status ({@link Outcome}); {@code cancel} (abort, timeout) kills the process tree, kernel
 * included. An async plugin rather than a sync one so that each poll can report progress.
 * User guide: {@code src/docs/notebook-tasks.md}.
 */
@ApplicationScoped
@TaskTypes(NotebookPlugin.TYPE)
public class NotebookPlugin implements AsyncPlugin<NotebookConfig, NotebookHandle> {

    /** The task type. */
    public static final String TYPE = "notebook";

    private static final Logger LOG = Logger.getLogger(NotebookPlugin.class);
    private static final JsonMapper JSON = new JsonMapper();
    /** How long a cancel waits for the killed processes to be gone. */
    private static final long KILL_WAIT_MILLIS = 2_000;

    @Inject
    NotebookSettings settings;

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Class<NotebookConfig> configType() {
        return NotebookConfig.class;
    }

    @Override
    public Class<NotebookHandle> handleType() {
        return NotebookHandle.class;
    }

    @Override
    public void validate(TaskTemplate task, NotebookConfig config, FieldErrors errors) {
        URI stored = NotebookChecks.config(config, errors);
        if (stored != null || config.notebook() == null || config.notebook().isNull() || config.notebookUri() != null) {
            return; // a stored notebook is read in validateStored: validation must not block
        }
        Notebook nb = Notebook.parse(config.notebook(), "config.notebook", errors);
        if (nb != null) {
            NotebookChecks.notebook(task, config, nb, "config.notebook", errors); // errors, and warnings for the answer
        }
    }

    @Override
    public Uni<Void> validateStored(TaskTemplate task, NotebookConfig config, DataStore data, FieldErrors errors) {
        return NotebookSource.validateStored(task, config, data, errors);
    }

    /** Imports the executor's modules with the configured Python; refuses in the pod mode ({@code notebook-pod} serves then). */
    @Override
    public void check() throws Exception {
        if (settings.mode() != NotebookSettings.Mode.LOCAL) {
            throw new IllegalStateException("kite.notebook.mode=" + settings.mode().name().toLowerCase()
                    + ": notebooks run as pods (plugin " + NotebookPodPlugin.NAME + ")");
        }
        checkExecutor(settings);
        Process p = new ProcessBuilder(settings.python(), "-c", "import nbclient, nbformat, nbconvert")
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!ended) {
            p.destroyForcibly();
            throw new IllegalStateException(settings.python() + " did not import nbclient within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(settings.python() + " cannot run notebooks (kite.notebook.python): " + out
                    + "; install python3-nbclient python3-nbformat jupyter-nbconvert python3-ipykernel");
        }
    }

    /** {@code kite.notebook.executor} is one Kite knows. */
    static void checkExecutor(NotebookSettings settings) {
        if (!NotebookConfig.EXECUTORS.contains(settings.executor())) {
            throw new IllegalStateException("kite.notebook.executor=" + settings.executor() + ": expected one of "
                    + NotebookConfig.EXECUTORS);
        }
    }

    WorkDir workDir(TaskContext<?> ctx) {
        Path root = settings.workDir().map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"), "kite-notebooks"));
        return new WorkDir(root.resolve(ctx.generatedName()));
    }

    @Override
    public Uni<NotebookHandle> submit(TaskContext<NotebookConfig> ctx) {
        WorkDir dir = workDir(ctx);
        return blocking(() -> running(dir)).chain(existing -> existing.isPresent() ? Uni.createFrom().item(existing.get())
                : NotebookSource.load(ctx).chain(nb -> blocking(() -> {
                    dir.prepare();
                    return NotebookSource.checked(ctx, nb);
                })).chain(checked -> Parameters.of(ctx, dir).chain(params -> blocking(() -> start(ctx, dir, checked, params)))));
    }

    /** The executor a previous submit of this attempt started and that still runs (a submit retried). */
    private static Optional<NotebookHandle> running(WorkDir dir) throws IOException {
        Path file = dir.root().resolve("handle.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        NotebookHandle h = JSON.readValue(file.toFile(), NotebookHandle.class);
        return Executor.find(h).map(p -> h);
    }

    private NotebookHandle start(TaskContext<NotebookConfig> ctx, WorkDir dir, NotebookChecks.Checked checked,
            Map<String, JsonNode> params) throws IOException {
        Notebook.Parameterized p = checked.notebook().parameterize(checked.translator(), params);
        Files.writeString(dir.notebook(), JSON.writeValueAsString(p.json()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KITE_EXECUTION_ID", ctx.executionId().toString());
        env.put("KITE_ATTEMPT", Integer.toString(ctx.attempt()));
        env.put("KITE_TASK", ctx.taskId().toString());
        env.put("KITE_RAW_OUTPUT_PREFIX", ctx.rawOutputPrefix().toString());
        ctx.trace().traceparent().ifPresent(t -> env.put(dev.kite.spi.TaskTrace.ENV, t));
        NotebookHandle h = Executor.start(settings.python(), dir, checked.kernel(), settings.executorFor(ctx.config()), env,
                p.injectedIndex());
        Files.writeString(dir.root().resolve("handle.json"), JSON.writeValueAsString(h));
        return h;
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<NotebookConfig> ctx, NotebookHandle h) {
        WorkDir dir = new WorkDir(Path.of(h.dir()));
        return blocking(() -> inspect(dir, h)).chain(seen -> {
            if (seen.running() != null) {
                return Uni.createFrom().item(TaskStatus.running(seen.running()));
            }
            return Outcome.store(ctx, dir).chain(stored -> seen.result() != null ? Outcome.of(ctx, dir, seen.result(), h, stored)
                    : Uni.createFrom().item(TaskStatus.failed(TaskError.system("NOTEBOOK_EXECUTOR_FAILED",
                            "the notebook executor ended without a result: " + seen.gone() + "; " + stored.describe()))))
                    .call(status -> blocking(() -> {
                        dir.delete();
                        return null;
                    }));
        });
    }

    /** What a poll sees: a progress message, or a result, or why there is none. */
    private record Seen(String running, JsonNode result, String gone) {
    }

    private static Seen inspect(WorkDir dir, NotebookHandle h) throws IOException {
        Optional<String> result = WorkDir.read(dir.result());
        if (result.isEmpty()) {
            if (Executor.find(h).isPresent()) {
                return new Seen(progress(dir, h.injectedIndex()), null, null);
            }
            result = WorkDir.read(dir.result()); // it may have written its result and exited between the two looks
        }
        if (result.isPresent()) {
            return new Seen(null, JSON.readTree(result.get()), null);
        }
        if (!Files.exists(dir.root())) {
            return new Seen(null, null, "its working folder " + dir.root() + " is gone (was Kite moved to another host?)");
        }
        String log = dir.logTail(2_000);
        return new Seen(null, null, "process " + h.pid() + " is gone" + (log.isEmpty() ? "" : "; its output:\n" + log));
    }

    /** The running cell, counted as the notebook is written, or that the kernel is starting. */
    private static String progress(WorkDir dir, int injected) throws JsonProcessingException {
        Optional<String> text = WorkDir.read(dir.progress());
        return text.isEmpty() ? Progress.STARTING : Progress.describe(JSON.readTree(text.get()), injected, Instant.now());
    }

    @Override
    public Uni<Void> cancel(TaskContext<NotebookConfig> ctx, NotebookHandle h) {
        WorkDir dir = new WorkDir(Path.of(h.dir()));
        return blocking(() -> {
            Executor.find(h).ifPresent(p -> {
                if (!Executor.killTree(p, KILL_WAIT_MILLIS)) {
                    LOG.warnf("notebook executor %d of %s did not end within %d ms of SIGKILL", h.pid(), ctx.generatedName(),
                            KILL_WAIT_MILLIS);
                }
            });
            return null;
        }).chain(() -> Files.exists(dir.root()) ? Outcome.store(ctx, dir).replaceWithVoid()
                .onFailure().invoke(f -> LOG.warnf("storing the partly executed notebook of %s failed: %s", ctx.generatedName(), f))
                .onFailure().recoverWithNull() : Uni.createFrom().voidItem())
                .call(() -> blocking(() -> {
                    dir.delete();
                    return null;
                }));
    }

    /** Runs file and process work on the worker pool, never on the caller's event loop. */
    private static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (TaskException | IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskException(TaskError.system("NOTEBOOK_IO", e.getClass().getSimpleName() + ": " + e.getMessage()), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
