package dev.kite.plugin.papermill;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import dev.kite.model.FieldErrors;
import dev.kite.model.Values;
import dev.kite.model.Variable;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.PodStates;

/**
 * The end of a notebook pod: the executor's result, which it wrote as the container's termination
 * message ({@code {"notebook": {...result.json...}}}), classified as the local mode classifies it
 * ({@link Outcome#cellFailed}, the same error codes), the outputs coerced to their declared types.
 * The pod mode does not store the executed notebook: {@code out_nb} and {@code out_rendered_nb}
 * are local-mode outputs.
 */
final class PodOutcome {

    private static final JsonMapper JSON = new JsonMapper();

    private PodOutcome() {
    }

    /** The status the executor reported, or empty when the container has not ended with a report. */
    static Optional<TaskStatus> of(TaskContext<?> ctx, Pod pod) {
        ContainerStatus cs = pod.getStatus() == null ? null : PodStates.taskStatus(pod.getStatus());
        ContainerStateTerminated t = cs == null || cs.getState() == null ? null : cs.getState().getTerminated();
        if (t == null || t.getMessage() == null) {
            return Optional.empty();
        }
        JsonNode result;
        try {
            result = JSON.readTree(t.getMessage()).path("notebook");
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!result.isObject()) {
            return Optional.empty();
        }
        return Optional.of(status(ctx, result));
    }

    static TaskStatus status(TaskContext<?> ctx, JsonNode result) {
        String where = "; the pod mode does not store the executed notebook";
        return switch (result.path("status").asText()) {
            case "ok" -> succeeded(ctx, result, where);
            case "cell_error" -> TaskStatus.failed(Outcome.cellFailed(result,
                    new NotebookHandle(0, null, "", result.path("injectedIndex").asInt(-1)),
                    new Outcome.Stored(null, null, "pod mode")));
            case "kernel_died" -> TaskStatus.failed(TaskError.system("NOTEBOOK_KERNEL_DIED", "the kernel died: "
                    + result.path("message").asText() + where));
            case "no_kernel" -> TaskStatus.failed(TaskError.system("NOTEBOOK_NO_KERNEL", "no such kernel in the image: "
                    + result.path("message").asText()));
            default -> TaskStatus.failed(TaskError.system("NOTEBOOK_EXECUTOR_FAILED", "the notebook executor failed: "
                    + result.path("message").asText()));
        };
    }

    private static TaskStatus succeeded(TaskContext<?> ctx, JsonNode result, String where) {
        if (result.hasNonNull("outputsProblem")) {
            return TaskStatus.failed(TaskError.user("OUTPUT_MISMATCH", result.get("outputsProblem").asText()));
        }
        ObjectNode outputs = JSON.createObjectNode();
        FieldErrors errors = new FieldErrors();
        for (Map.Entry<String, Variable> e : ctx.task().iface().outputs().entrySet()) {
            String name = e.getKey();
            String path = FieldErrors.child("outputs", name);
            JsonNode v = result.path("outputs").get(name);
            if (name.equals(Outcome.NOTEBOOK_OUTPUT) || name.equals(Outcome.HTML_OUTPUT)) {
                errors.add(path, "the executed notebook and its HTML are outputs of the local mode only" + where);
            } else if (v == null) {
                errors.add(path, "the notebook gave no output '" + name + "': record it with kite.record(" + name
                        + "=...) or return it from the cell tagged outputs");
            } else {
                JsonNode coerced = Values.coerce(e.getValue().type(), v, path, errors);
                if (coerced != null) {
                    outputs.set(name, coerced);
                }
            }
        }
        if (!errors.isEmpty()) {
            return TaskStatus.failed(TaskError.user("OUTPUT_MISMATCH", NotebookChecks.describe(errors)));
        }
        return TaskStatus.succeeded(outputs);
    }
}
