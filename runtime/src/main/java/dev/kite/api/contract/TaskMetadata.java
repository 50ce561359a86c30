package dev.kite.api.contract;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a task runs: every field optional (src/docs/task-model.md, Metadata). */
@Schema(name = "TaskMetadata", description = "How the task runs; every field optional. Durations are ISO-8601 (PT5M, P2D), "
        + "positive and at most P3650D")
public record TaskMetadata(
        @Schema(description = "User retries of a recoverable user error", minimum = "0", maximum = "10", defaultValue = "0")
        Integer retries,
        @Schema(description = "Bounds one attempt (default kite.retry.default-attempt-timeout, 24 h)", example = "PT5M") String timeout,
        @Schema(description = "Bounds the whole execution from submission", example = "P1D") String deadline,
        RetryBackoff retryBackoff,
        @Schema(description = "Memoized outputs; no caching when absent") CachePolicy cache,
        @Schema(description = "May run on preemptible capacity (the last system retry does not)", defaultValue = "false")
        Boolean interruptible,
        @Schema(description = "blob/dataset inputs whose URIs are not checked at submission") List<String> uncheckedInputs,
        @Schema(description = "Free labels", example = "{\"team\": \"orders\"}") Map<String, String> tags,
        @Schema(description = "A dynamic task: its successful attempt may answer a graph of child executions "
                + "(src/docs/dynamic-tasks.md)", defaultValue = "false") Boolean dynamic) {

    /** The wait between attempts: {@code min(max, initial × factor^n)}, spread by ±jitter. */
    @Schema(name = "RetryBackoff", description = "The wait between attempts, min(max, initial x factor^n), spread by +-jitter; "
            + "a missing field comes from kite.retry.*")
    public record RetryBackoff(@Schema(example = "PT1S") String initial, @Schema(example = "PT1M") String max,
            @Schema(minimum = "1", example = "2.0") Double factor,
            @Schema(minimum = "0", maximum = "1", example = "0.1") Double jitter) {
    }

    /** Memoization of outputs. */
    @Schema(name = "CachePolicy", description = "Memoization of outputs: an execution with the inputs of an earlier successful "
            + "one answers its outputs")
    public record CachePolicy(
            @Schema(required = true, minLength = 1, description = "Part of the cache key: bump it to invalidate", example = "1")
            String version,
            @Schema(description = "Identical executions at the same time run once", defaultValue = "false") Boolean serialize,
            @Schema(description = "Declared inputs left out of the cache key") List<String> ignoreInputs,
            @Schema(description = "How long an entry is kept (default kite.cache.default-ttl, 30 days)", example = "P7D") String ttl) {
    }
}
