package dev.kite.api.contract;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.kite.engine.CacheStatus;
import dev.kite.engine.Phase;

/** An execution as {@code GET /api/v1/executions/{id}} answers it. */
@Schema(name = "Execution", description = "An execution of a task version")
public record Execution(
        @Schema(required = true, format = "uuid") String id,
        @Schema(required = true) TaskIdentifier task,
        @Schema(description = "The client name it was submitted with") String name,
        @Schema(required = true) Phase phase,
        @Schema(required = true, description = "The input values, canonical; large ones as links to the data endpoint")
        Map<String, Object> inputs,
        @Schema(nullable = true, description = "The output values once SUCCEEDED") Map<String, Object> outputs,
        @Schema(nullable = true) TaskError error,
        @Schema(required = true) CacheStatus cacheStatus,
        @Schema(nullable = true) String cacheKey,
        @Schema(nullable = true, format = "uuid", description = "The execution whose outputs were reused") String cacheSource,
        @Schema(required = true) boolean overwriteCache,
        @Schema(required = true, format = "date-time") String startTime,
        @Schema(required = true) long seed,
        @Schema(required = true) List<Attempt> attempts,
        @Schema(nullable = true, format = "date-time") String nextAttemptAt,
        @Schema(nullable = true, format = "date-time") String deadline,
        @Schema(nullable = true, description = "The Kite process driving it") String owner,
        @Schema(nullable = true) String submittedBy,
        @Schema(nullable = true) String abortedBy,
        @Schema(description = "the parent execution, for a child of a dynamic task (absent otherwise)", format = "uuid") String parent,
        @Schema(description = "the node of the parent's graph this child runs, `name` or `name[i]` for a map element (absent otherwise)") String node,
        @Schema(description = "in the nodes listing of a dynamic execution: the nodes whose outputs this child's node reads")
        List<String> dependsOn,
        @Schema(required = true, format = "date-time") String createdAt,
        @Schema(required = true, format = "date-time") String updatedAt) {
}
