package dev.kite.api.contract;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One attempt of an execution. */
@Schema(name = "Attempt", description = "One attempt of an execution")
public record Attempt(
        @Schema(required = true, description = "0 for the first attempt", example = "0") int number,
        @Schema(required = true, description = "The attempt's name (its pod or job name)") String name,
        @Schema(required = true, description = "RUNNING, then how it ended: SUCCEEDED, FAILED, TIMED_OUT, ABORTED", example = "RUNNING")
        String phase,
        @Schema(required = true, enumeration = {"none", "user", "system"}, description = "The retry budget that paid for it")
        String budget,
        @Schema(required = true) boolean interruptible,
        @Schema(format = "date-time") String startedAt,
        @Schema(format = "date-time", nullable = true) String endedAt,
        @Schema(format = "date-time") String deadline,
        @Schema(nullable = true) TaskError error,
        @Schema(type = SchemaType.OBJECT, nullable = true, description = "The plugin's handle of asynchronous work")
        Map<String, Object> handle,
        @Schema(type = SchemaType.OBJECT, description = "Where the container log is (namespace, pod, container, links)")
        Map<String, Object> logs,
        @Schema(description = "The plugin's latest running message") String message,
        @Schema(description = "Links the plugin reported (console, dashboard), by name") Map<String, String> links) {
}
