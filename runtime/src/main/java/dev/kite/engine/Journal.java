package dev.kite.engine;

import io.smallrye.mutiny.Uni;

import dev.kite.store.ExecutionRecords;
import dev.kite.store.NewExecution;
import dev.kite.store.StateChange;

/**
 * The one path by which a transition becomes durable: a snapshot of the run (taken under its
 * lock, with the events recorded since the last one) written to the store, fenced on this node's
 * ownership and guarded against transient database failures. Nothing acts on a state before the
 * write that records it has been applied.
 */
final class Journal {

    private final ExecutionRecords store;
    private final EngineParts parts;

    Journal(EngineParts parts) {
        this.parts = parts;
        this.store = parts.store();
    }

    /** Writes the new execution; false when its client name is taken. */
    Uni<Boolean> insert(NewExecution row) {
        return parts.guards().database(() -> store.insert(row));
    }

    /** Persists the run's state as owned by this node; false when fenced off. */
    Uni<Boolean> write(Run run) {
        return writeAs(run, parts.nodeId());
    }

    /** Persists the run's state fenced on {@code owner} (an abort of another process's execution). */
    Uni<Boolean> writeAs(Run run, String owner) {
        StateChange change;
        synchronized (run) {
            change = run.snapshot(owner, parts.clock().now());
        }
        return ExecutionMdc.carry(run, null, parts.guards().database(() -> store.update(change)));
    }

    /** Persists the run's final state; the change is handed on so that the end row needs no read. */
    Uni<StateChange> writeEnd(Run run) {
        StateChange change;
        synchronized (run) {
            change = run.snapshot(parts.nodeId(), parts.clock().now());
        }
        return ExecutionMdc.carry(run, null, parts.guards().database(() -> store.update(change))).map(applied -> applied ? change : null);
    }
}
