package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why an attempt or an execution failed. */
@Schema(name = "TaskError", description = "A classified error of a task")
public record TaskError(
        @Schema(required = true, description = "USER: the task's fault (its retries); SYSTEM: infrastructure's (the system budget)")
        dev.kite.spi.ErrorKind kind,
        @Schema(required = true, description = "Whether another attempt may succeed") boolean recoverable,
        @Schema(required = true, example = "HTTP_503") String code,
        @Schema(required = true, example = "the server answered 503") String message,
        @Schema(description = "How long the task asked to wait before the next attempt (ISO-8601)", example = "PT30S") String retryAfter) {
}
