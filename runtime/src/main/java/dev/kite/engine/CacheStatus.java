package dev.kite.engine;

/** What the output cache did for an execution. */
public enum CacheStatus {
    /** The task has no {@code metadata.cache}. */
    DISABLED,
    /** Looked up, not found; the task ran (and the result could not be stored yet). */
    MISS,
    /** Outputs taken from the cache; the plugin was not called. */
    HIT,
    /** Not found, ran, stored. */
    POPULATED,
    /** The lookup failed (Redis unreachable); the task ran anyway. */
    LOOKUP_FAILURE,
    /** The task ran but its outputs could not be stored. */
    PUT_FAILURE,
    /** {@code overwriteCache}: the lookup was skipped; the stored entry is replaced. */
    SKIPPED
}
