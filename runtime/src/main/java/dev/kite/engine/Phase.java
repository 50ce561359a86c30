package dev.kite.engine;

/** Phases of an execution: {@code QUEUED → [WAITING_FOR_CACHE] → RUNNING → SUCCEEDED | FAILED | TIMED_OUT | ABORTED}. */
public enum Phase {
    QUEUED,
    WAITING_FOR_CACHE,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == ABORTED;
    }
}
