package dev.kite.plugin.spark;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.MemoryRetry;

/**
 * What a SparkApplication's {@code status} means for the attempt. The operator's states:
 * {@code ""}/{@code SUBMITTED} queued (its {@code errorMessage} shown at once); {@code RUNNING},
 * {@code SUCCEEDING}, {@code FAILING}, {@code PENDING_RERUN}, {@code INVALIDATING},
 * {@code UNKNOWN} running; {@code COMPLETED} succeeded; {@code SUBMISSION_FAILED} SYSTEM
 * recoverable; {@code FAILED} classified from what the operator reports of the driver pod: OOM
 * killed, evicted or its node lost are SYSTEM recoverable, a non-zero exit of the user's code is
 * USER (recoverable only when the job declares it, see {@link SparkOutputs}). Pure.
 */
final class SparkStates {

    static final Set<String> RUNNING = Set.of("RUNNING", "SUCCEEDING", "FAILING", "PENDING_RERUN", "INVALIDATING", "UNKNOWN");

    private static final Pattern EXIT_CODE = Pattern.compile("(?i)exit ?code:? *(-?[0-9]+)");

    private SparkStates() {
    }

    /**
     * @param app            the application as last seen
     * @param memory         the OOM retry policy of the task
     * @param historyServer  the history server's URL, or null
     */
    static TaskStatus classify(GenericKubernetesResource app, MemoryRetry memory, String historyServer) {
        JsonNode status = SparkApplications.status(app);
        String state = status.path("applicationState").path("state").asText("");
        String error = status.path("applicationState").path("errorMessage").asText("");
        switch (state) {
            case "", "NEW", "SUBMITTED":
                return TaskStatus.queued((state.isEmpty() ? "waiting for the Spark operator" : "submitted")
                        + (error.isBlank() ? "" : ": " + error.strip()));
            case "COMPLETED":
                return TaskStatus.succeeded(null);
            case "SUBMISSION_FAILED":
                return TaskStatus.failed(TaskError.system("SUBMISSION_FAILED", "the Spark operator could not submit the"
                        + " application" + (error.isBlank() ? "" : ": " + error.strip())));
            case "FAILED":
                return TaskStatus.failed(failed(app, error, memory));
            default:
                if (RUNNING.contains(state)) {
                    return TaskStatus.running(running(status, state));
                }
                return TaskStatus.running("state " + state + (error.isBlank() ? "" : ": " + error.strip()));
        }
    }

    private static String running(JsonNode status, String state) {
        String ui = driverUi(status).map(u -> "; driver UI: " + u).orElse("");
        return state.toLowerCase(Locale.ROOT) + ui;
    }

    /** The driver's UI while it runs: the ingress address when the operator made one, else the service address. */
    static Optional<String> driverUi(JsonNode status) {
        JsonNode driver = status.path("driverInfo");
        String ingress = driver.path("webUIIngressAddress").asText("");
        if (!ingress.isBlank()) {
            return Optional.of(ingress.startsWith("http") ? ingress : "http://" + ingress);
        }
        String address = driver.path("webUIAddress").asText("");
        return address.isBlank() ? Optional.empty() : Optional.of(address.startsWith("http") ? address : "http://" + address);
    }

    /** The history server's page of the application, once it ended; empty without a history server or an id. */
    static Optional<String> history(GenericKubernetesResource app, String historyServer) {
        String id = SparkApplications.status(app).path("sparkApplicationId").asText("");
        if (historyServer == null || historyServer.isBlank() || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(historyServer.replaceAll("/+$", "") + "/history/" + id);
    }

    private static TaskError failed(GenericKubernetesResource app, String error, MemoryRetry memory) {
        String e = error.strip();
        String detail = e.isEmpty() ? "" : ": " + e;
        if (e.contains("OOMKilled")) {
            Object mem = app.getMetadata().getAnnotations() == null ? null
                    : app.getMetadata().getAnnotations().get(MemoryRetry.ANNOTATION);
            long ran = mem == null ? 0 : MemoryRetry.sparkBytes(mem.toString());
            return memory.oomKilled("the Spark driver", Math.max(ran, 0), "config.oomRetry.maxMemory");
        }
        if (e.contains("Evicted")) {
            return TaskError.system("EVICTED", "the Spark driver pod was evicted" + detail);
        }
        String lower = e.toLowerCase(Locale.ROOT);
        if (lower.contains("node lost") || lower.contains("nodelost") || e.contains("DeletionByTaintManager")
                || e.contains("DeletionByPodGC")) {
            return TaskError.system("NODE_LOST", "the Spark driver's node was lost" + detail);
        }
        Matcher m = EXIT_CODE.matcher(e);
        if (m.find() && !m.group(1).equals("0")) {
            return TaskError.user("EXIT_CODE", "the Spark application failed: the driver exited with code " + m.group(1)
                    + detail);
        }
        return TaskError.system("SPARK_FAILED", "the Spark application failed" + (e.isEmpty() ? " without a reason" : detail));
    }
}
