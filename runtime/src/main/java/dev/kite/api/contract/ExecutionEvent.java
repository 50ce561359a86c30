package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event of an execution: a phase change of it or of one of its attempts. */
@Schema(name = "ExecutionEvent", description = "A phase change of the execution (no attempt) or of an attempt")
public record ExecutionEvent(
        @Schema(required = true, format = "date-time") String at,
        @Schema(required = true, description = "A phase of the execution or attempt (QUEUED, WAITING_FOR_CACHE, RUNNING, "
                + "SUCCEEDED, FAILED, TIMED_OUT, ABORTED), RETRY_SCHEDULED, or a cache event (CACHE_HIT, CACHE_STORED, "
                + "CACHE_LOOKUP_FAILURE, ...)", example = "RUNNING") String phase,
        @Schema(description = "The attempt it is about; absent for the execution's own phases") Integer attempt,
        @Schema(description = "Why, or what next", example = "attempt 1 at 2026-12-01T11:27:30Z (user budget)") String message) {
}
