package dev.kite.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of an execution and the one table of the transitions allowed between them:
 * {@code QUEUED → [WAITING_FOR_CACHE] → RUNNING → SUCCEEDED | FAILED | TIMED_OUT | ABORTED}.
 * A cache hit ends a queued or waiting execution without running it; an execution that cannot
 * start (no plugin, invalid config) fails from where it is; an abort or the deadline ends any open
 * phase. {@code RUNNING → RUNNING} records progress of the same phase (a submitted handle, a
 * scheduled retry, the next attempt). A dynamic task whose attempt answered a graph that compiled
 * moves {@code RUNNING → RUNNING_NODES}: its attempts are over and its graph's nodes run as child
 * executions until it ends. Terminal phases go nowhere. {@link Run#moveTo} is the only
 * place a phase changes and refuses anything else with an {@link IllegalTransitionException}.
 */
public enum Phase {
    QUEUED,
    WAITING_FOR_CACHE,
    RUNNING,
    /** A dynamic task's graph runs: its nodes are child executions. */
    RUNNING_NODES,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED;

    private static final Set<Phase> ENDS = EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, ABORTED);

    public boolean isTerminal() {
        return ENDS.contains(this);
    }

    /** The phases an execution in this phase may move to. */
    public Set<Phase> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(WAITING_FOR_CACHE, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED);
            case WAITING_FOR_CACHE -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED);
            case RUNNING -> EnumSet.of(RUNNING, RUNNING_NODES, SUCCEEDED, FAILED, TIMED_OUT, ABORTED);
            case RUNNING_NODES -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, ABORTED);
            default -> EnumSet.noneOf(Phase.class);
        };
    }

    /** True when {@code to} is in {@link #next()}. */
    public boolean allows(Phase to) {
        return next().contains(to);
    }

    /** A transition outside the table: a bug in the engine, never a user's doing. */
    public static final class IllegalTransitionException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        IllegalTransitionException(Object execution, Phase from, Phase to) {
            super("illegal transition of execution " + execution + ": " + from + " → " + to + " (allowed: " + from.next() + ")");
        }
    }
}
