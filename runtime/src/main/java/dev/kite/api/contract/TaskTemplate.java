package dev.kite.api.contract;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/tasks}: a task template (src/docs/task-model.md). */
@Schema(name = "TaskTemplate", description = "A task version to register: who it is (id), what runs it (type, config, "
        + "container), what goes in and out (interface) and how it runs (metadata). No other fields: an unknown one is "
        + "an error at its path (src/docs/task-model.md).")
public record TaskTemplate(
        @Schema(required = true, description = "The task version; version is required when registering") TaskIdentifier id,
        @Schema(required = true, description = "The task type: selects the plugin that runs the task (GET /api/v1/plugins "
                + "lists the types of this Kite)", example = "container") String type,
        @Schema(name = "interface", description = "The typed inputs and outputs; none when absent") TaskInterface taskInterface,
        @Schema(description = "Retries, timeouts, backoff, cache, tags; defaults when absent") TaskMetadata metadata,
        @Schema(description = "The plugin's settings, checked by the plugin of the type (unknown keys and values of the wrong "
                + "kind are errors at their paths, config.<key>); each type's settings are in its guide "
                + "(src/docs/http-tasks.md, sql-tasks.md, spark-tasks.md, ...). Absent is checked as {}",
                example = "{\"prefix\": \"> \"}") Map<String, Object> config,
        @Schema(description = "The container to run, for the types that run one (container, notebook pods, ...)")
        Container container) {
}
