package dev.kite.plugin.papermill;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.BlobType;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.model.Variable;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * The end of a notebook run as a task status: the executor's {@code result.json} classified
 * (a failing cell is the task's fault, a dead or missing kernel or a broken executor the
 * system's), the outputs coerced to their declared types, the executed notebook and its HTML
 * stored under the attempt's raw output prefix.
 */
final class Outcome {

    /** The implicit output holding the executed notebook, when the interface declares it (flytekit's name). */
    static final String NOTEBOOK_OUTPUT = "out_nb";
    /** The implicit output holding the executed notebook rendered as HTML. */
    static final String HTML_OUTPUT = "out_rendered_nb";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Outcome() {
    }

    /** Where the executed notebook and its rendering were stored (either may be null when missing). */
    record Stored(URI notebook, URI html, String htmlProblem) {

        Stored(URI notebook, URI html) {
            this(notebook, html, null);
        }

        Stored htmlFailed(String problem) {
            return new Stored(notebook, html, problem);
        }

        String describe() {
            return "executed notebook: " + (notebook == null ? "none was written" : notebook)
                    + (html != null ? ", HTML: " + html : htmlProblem != null ? ", HTML: not rendered (" + htmlProblem + ")" : "");
        }
    }

    /** Uploads the executed notebook and its HTML (those that exist) to {@code ctx.rawOutputPrefix()}. */
    static Uni<Stored> store(TaskContext<?> ctx, WorkDir dir) {
        URI prefix = ctx.rawOutputPrefix();
        Uni<URI> nb = put(ctx, dir.executed(), under(prefix, "executed.ipynb"));
        Uni<URI> html = put(ctx, dir.html(), under(prefix, "executed.html"));
        return Uni.combine().all().unis(nb, html).with(Stored::new);
    }

    /**
     * {@code relative} under a prefix URI (which ends in {@code /}), written out rather than with
     * {@link URI#resolve}, which would turn {@code file:///a/} into {@code file:/a/...}.
     */
    static URI under(URI prefix, String relative) {
        String p = prefix.toString();
        return URI.create((p.endsWith("/") ? p : p + "/") + relative);
    }

    private static Uni<URI> put(TaskContext<?> ctx, Path file, URI target) {
        return Files.exists(file) ? ctx.data().put(target, file).replaceWith(target) : Uni.createFrom().nullItem();
    }

    /** The status of a run that wrote its result; {@code dir} is null for a pod (no files of its own to upload). */
    static Uni<TaskStatus> of(TaskContext<?> ctx, WorkDir dir, JsonNode result, NotebookHandle handle, Stored given) {
        Stored stored = result.hasNonNull("htmlProblem") ? given.htmlFailed(result.get("htmlProblem").asText()) : given;
        String status = result.path("status").asText();
        return switch (status) {
            case "ok" -> succeeded(ctx, dir, result, stored);
            case "cell_error" -> Uni.createFrom().item(TaskStatus.failed(cellFailed(result, handle, stored)));
            case "kernel_died" -> Uni.createFrom().item(TaskStatus.failed(TaskError.system("NOTEBOOK_KERNEL_DIED",
                    "the kernel died" + (result.path("index").isInt() ? " while running cell "
                            + asWritten(result.get("index").intValue(), handle.injectedIndex()) : "") + ": "
                            + result.path("message").asText() + "; " + stored.describe())));
            case "no_kernel" -> Uni.createFrom().item(TaskStatus.failed(TaskError.system("NOTEBOOK_NO_KERNEL",
                    "no such kernel " + (dir == null ? "in the image: " : "on this host: ") + result.path("message").asText()
                            + "; " + stored.describe())));
            case "no_papermill" -> Uni.createFrom().item(TaskStatus.failed(TaskError.systemFatal("NOTEBOOK_NO_PAPERMILL",
                    result.path("message").asText() + "; install papermill there, or choose executor auto or nbclient")));
            default -> Uni.createFrom().item(TaskStatus.failed(TaskError.system("NOTEBOOK_EXECUTOR_FAILED",
                    "the notebook executor failed: " + result.path("message").asText() + "; " + stored.describe())));
        };
    }

    /**
     * Papermill's {@code PapermillExecutionError}, counted as the user wrote the notebook: the
     * index is 0-based over all cells (markdown included) of the notebook as given, without the
     * injected cell; {@code In [n]} is the execution count shown in Jupyter.
     */
    static TaskError cellFailed(JsonNode r, NotebookHandle handle, Stored stored) {
        int executed = r.path("index").asInt(-1);
        int injected = r.path("injectedIndex").asInt(handle.injectedIndex());
        String where = executed == injected ? "the injected-parameters cell" : "cell " + asWritten(executed, injected);
        String count = r.path("executionCount").isNumber() ? " (In [" + r.get("executionCount").asText() + "])" : "";
        String message = where + count + " raised " + r.path("ename").asText() + ": " + r.path("evalue").asText()
                + "\n" + r.path("traceback").asText() + "\n" + stored.describe();
        return TaskError.user("NOTEBOOK_CELL_FAILED", message);
    }

    /** An index of the executed notebook as an index of the notebook as written. */
    static int asWritten(int executedIndex, int injectedIndex) {
        return injectedIndex >= 0 && executedIndex > injectedIndex ? executedIndex - 1 : executedIndex;
    }

    private static Uni<TaskStatus> succeeded(TaskContext<?> ctx, WorkDir dir, JsonNode result, Stored stored) {
        TaskTemplate task = ctx.task();
        if (result.hasNonNull("outputsProblem")) {
            return Uni.createFrom().item(TaskStatus.failed(TaskError.user("OUTPUT_MISMATCH",
                    result.get("outputsProblem").asText() + "; " + stored.describe())));
        }
        JsonNode found = result.path("outputs");
        ObjectNode outputs = NODES.objectNode();
        FieldErrors errors = new FieldErrors();
        List<Uni<Void>> uploads = new ArrayList<>();
        for (Map.Entry<String, Variable> e : task.iface().outputs().entrySet()) {
            String name = e.getKey();
            Variable var = e.getValue();
            String path = FieldErrors.child("outputs", name);
            if (name.equals(NOTEBOOK_OUTPUT) || name.equals(HTML_OUTPUT)) {
                URI uri = name.equals(NOTEBOOK_OUTPUT) ? stored.notebook() : stored.html();
                if (uri == null) {
                    errors.add(path, "the executor wrote no " + (name.equals(NOTEBOOK_OUTPUT) ? "notebook" : "HTML"));
                } else {
                    outputs.putObject(name).put("uri", uri.toString());
                }
                continue;
            }
            JsonNode v = found.get(name);
            if (v == null) {
                errors.add(path, "the notebook gave no output '" + name + "': record it with kite.record(" + name
                        + "=...) or return it from the cell tagged outputs");
                continue;
            }
            if (var.type() instanceof BlobType && v.isTextual() && dir == null) {
                errors.add(path, "output '" + name + "' names the file " + v.textValue() + ", but a notebook pod hands back"
                        + " no files of its own: write it to the data store and give {\"uri\": ...}");
                continue;
            }
            if (var.type() instanceof BlobType && v.isTextual()) {
                Path file = dir.work().resolve(v.textValue()).normalize();
                if (!Files.isRegularFile(file)) {
                    errors.add(path, "output '" + name + "' names the file " + v.textValue() + ", which the notebook did not write");
                    continue;
                }
                URI target = under(ctx.rawOutputPrefix(), "outputs/" + name + "/" + file.getFileName());
                outputs.putObject(name).put("uri", target.toString());
                uploads.add(ctx.data().put(target, file).replaceWithVoid());
                continue;
            }
            JsonNode coerced = Values.coerce(var.type(), v, path, errors);
            if (coerced != null) {
                outputs.set(name, coerced);
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(TaskStatus.failed(TaskError.user("OUTPUT_MISMATCH",
                    NotebookChecks.describe(errors) + "; " + stored.describe())));
        }
        Uni<Void> all = uploads.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(uploads).andFailFast().replaceWithVoid();
        return all.replaceWith(TaskStatus.succeeded(outputs));
    }
}
