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
        java.util.concurrent.CompletableFuture<Void> before;
        synchronized (run) {
            change = run.snapshot(owner, parts.clock().now());
            before = run.laterWrite;
        }
        return ExecutionMdc.carry(run, null, after(before, () -> parts.guards().database(() -> store.update(change))));
    }

    /**
     * Persists the run's state while its attempt may end meanwhile (the late RUNNING of an
     * in-process attempt): the writes taken after it are sent once it is answered, so that they
     * are applied in the order of their snapshots.
     */
    Uni<Boolean> writeLate(Run run) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        StateChange change;
        java.util.concurrent.CompletableFuture<Void> before;
        synchronized (run) {
            change = run.snapshot(parts.nodeId(), parts.clock().now());
            before = run.laterWrite;
            run.laterWrite = done;
        }
        return ExecutionMdc.carry(run, null, after(before, () -> parts.guards().database(() -> store.update(change)))
                .onTermination().invoke(() -> done.complete(null)));
    }

    /** Persists the run's final state; the change is handed on so that the end row needs no read. */
    Uni<StateChange> writeEnd(Run run) {
        StateChange change;
        java.util.concurrent.CompletableFuture<Void> before;
        synchronized (run) {
            change = run.snapshot(parts.nodeId(), parts.clock().now());
            before = run.laterWrite;
        }
        return ExecutionMdc.carry(run, null, after(before, () -> parts.guards().database(() -> store.update(change))))
                .map(applied -> applied ? change : null);
    }

    /** {@code write}, sent once the write taken before it (if any is still unanswered) is answered. */
    private static Uni<Boolean> after(java.util.concurrent.CompletableFuture<Void> before, java.util.function.Supplier<Uni<Boolean>> write) {
        if (before == null || before.isDone()) {
            return write.get();
        }
        return Uni.createFrom().completionStage(before).onItemOrFailure().transformToUni((x, f) -> write.get());
    }
}
