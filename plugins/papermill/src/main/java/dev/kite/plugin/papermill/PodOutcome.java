package dev.kite.plugin.papermill;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.kubernetes.PodStates;

/**
 * The end of a notebook pod. The executor uploads the executed notebook, its HTML and
 * {@code result.json} (the whole result, outputs included) to the attempt's raw output location
 * through signed URLs, and writes a short report as the container's termination message
 * ({@code {"notebook": {"status": ..., "stored": true}}}; the whole result cut to 4 KB when the
 * upload failed). {@link #of} turns the report into a provisional status that carries it;
 * {@link #finished} (off the watch, asynchronous) reads {@code result.json} and classifies it as
 * the local mode does ({@link Outcome#of}: the same codes, the outputs coerced, {@code out_nb} and
 * {@code out_rendered_nb} the stored files).
 */
final class PodOutcome {

    /** The code of the provisional status between {@link #of} and {@link #finished}; never recorded. */
    static final String REPORTED = "NOTEBOOK_REPORTED";

    private static final JsonMapper JSON = new JsonMapper();

    private PodOutcome() {
    }

    /** The report the executor wrote, as a provisional status, or empty when the container has not ended with one. */
    static Optional<TaskStatus> of(Pod pod) {
        ContainerStatus cs = pod.getStatus() == null ? null : PodStates.taskStatus(pod.getStatus());
        ContainerStateTerminated t = cs == null || cs.getState() == null ? null : cs.getState().getTerminated();
        if (t == null || t.getMessage() == null) {
            return Optional.empty();
        }
        JsonNode report;
        try {
            report = JSON.readTree(t.getMessage()).path("notebook");
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!report.isObject()) {
            return Optional.empty();
        }
        return Optional.of(TaskStatus.failed(TaskError.system(REPORTED, report.toString())));
    }

    /** The status to record for a provisional one: the stored result classified; any other status unchanged. */
    static Uni<TaskStatus> finished(TaskContext<?> ctx, TaskStatus ended) {
        if (ended.error() == null || !REPORTED.equals(ended.error().code())) {
            return Uni.createFrom().item(ended);
        }
        JsonNode report;
        try {
            report = JSON.readTree(ended.error().message());
        } catch (Exception e) {
            return Uni.createFrom().item(TaskStatus.failed(TaskError.system("NOTEBOOK_EXECUTOR_FAILED",
                    "the executor's report could not be read: " + e.getMessage())));
        }
        URI prefix = ctx.rawOutputPrefix();
        Uni<JsonNode> result = report.path("stored").asBoolean() ? ctx.data().read(Outcome.under(prefix, "result.json"))
                .map(PodOutcome::parse)
                .onFailure(f -> f instanceof DataStoreException d && !d.transientFailure())
                .recoverWithItem(f -> withProblem(report, "its result.json is not in the store: " + f.getMessage()))
                : Uni.createFrom().item(report);
        return Uni.combine().all().unis(result, stored(ctx)).asTuple().chain(both -> {
            JsonNode r = both.getItem1();
            Outcome.Stored s = both.getItem2();
            if (r.hasNonNull("uploadProblem")) {
                s = s.htmlFailed(r.get("uploadProblem").asText());
            }
            return Outcome.of(ctx, null, r, new NotebookHandle(0, null, "", r.path("injectedIndex").asInt(-1)), s);
        });
    }

    /** The executed notebook and its HTML, where the pod uploaded them. */
    private static Uni<Outcome.Stored> stored(TaskContext<?> ctx) {
        URI nb = Outcome.under(ctx.rawOutputPrefix(), "executed.ipynb");
        URI html = Outcome.under(ctx.rawOutputPrefix(), "executed.html");
        return Uni.combine().all().unis(ctx.data().head(nb), ctx.data().head(html)).asTuple()
                .map(t -> new Outcome.Stored(t.getItem1().isPresent() ? nb : null, t.getItem2().isPresent() ? html : null));
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (java.io.IOException e) {
            // below
        }
        return JSON.createObjectNode().put("status", "executor_error").put("message", "its result.json is no JSON object");
    }

    private static JsonNode withProblem(JsonNode report, String problem) {
        ObjectNode r = report.deepCopy();
        if (!"ok".equals(r.path("status").asText())) {
            return r;
        }
        return r.put("status", "executor_error").put("message", "the notebook ran, but " + problem);
    }
}
