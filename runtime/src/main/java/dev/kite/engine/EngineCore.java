package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskTemplate;
import dev.kite.store.ExecutionRow;

/**
 * The engine's rooms, wired once from {@link EngineParts}, behind the operations the outside uses:
 * submit, abort, wait for an end, sweep, nudge. Plain Java (no CDI): {@link Engine} serves it to
 * the application; the engine's unit tests build it from in-memory parts. The rooms form floors
 * without cycles: this class → {@link Ownership}, {@link Graphs} → {@link Submission} → {@link Conductor} →
 * {@link Attempts}, {@link Polling}, {@link Finishing} → {@link Cancellation}, {@link Memoizer},
 * {@link Admission}, {@link RecentEnds}, {@link Journal}, {@link Timers}, {@link Shapes} → {@link Run}, {@link Phase},
 * {@link RetryPolicy}.
 */
final class EngineCore {

    /** Longest an abort waits for an end already being written (the guard's retries end sooner or hand the run back). */
    private static final java.time.Duration ABORT_SETTLES = java.time.Duration.ofSeconds(30);

    private final EngineParts parts;
    private final Admission admission;
    private final Conductor conductor;
    private final Ownership ownership;
    private final Submission submission;
    private final Graphs graphs;
    private final RecentEnds recent;

    EngineCore(EngineParts parts) {
        this.parts = parts;
        var engine = parts.config().engine();
        this.admission = new Admission(engine.maxConcurrent(), engine.maxConcurrentPerProject());
        Timers timers = new Timers(parts.clock());
        Journal journal = new Journal(parts);
        Shapes shapes = new Shapes(parts);
        Memoizer memoizer = new Memoizer(parts.cache(), parts.config().cache(), timers, parts.metrics().registry());
        Cancellation cancellation = new Cancellation(parts, shapes, timers);
        this.recent = new RecentEnds(parts.clock());
        Finishing finishing = new Finishing(parts, journal, admission, timers, cancellation, shapes, memoizer, recent);
        this.conductor = new Conductor(parts, admission, journal, timers, shapes, memoizer, cancellation, finishing);
        this.ownership = new Ownership(parts, admission, conductor, finishing, journal, cancellation);
        this.submission = new Submission(parts, journal, conductor);
        this.graphs = new Graphs(parts, admission, conductor, submission, finishing, timers, this::abort);
        parts.metrics().gauges(admission::active, admission::queued);
        parts.metrics().runGauges(admission::runs, engine.maxConcurrent());
    }

    Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache,
            String submittedBy) {
        return submit(task, inputs, clientName, overwriteCache, submittedBy, null);
    }

    /** A submission whose audit row ({@code audit}, may be null) is written with the new execution. */
    Uni<Submitted> submit(TaskTemplate task, ObjectNode inputs, String clientName, boolean overwriteCache,
            String submittedBy, dev.kite.store.AuditRow audit) {
        return submission.submit(task, inputs, clientName, overwriteCache, submittedBy, audit);
    }

    /**
     * Aborts an execution wherever it runs: the ABORTED state is persisted first, then the running
     * work is cancelled (locally, or through the persisted handle when another process owns it).
     * Idempotent: aborting a finished execution changes nothing. The open children of a dynamic
     * execution are aborted after it.
     */
    Uni<Void> abort(UUID id) {
        return abortOne(id).chain(() -> graphs.abortChildren(id));
    }

    private Uni<Void> abortOne(UUID id) {
        Run local = admission.local(id);
        if (local != null) {
            // an end already on its way (a timeout that fired just before) is awaited, so that
            // the abort answers the execution's final row, not the one before its end's write
            return conductor.abort(local).chain(() -> whenReleased(local, ABORT_SETTLES));
        }
        return parts.store().find(id).chain(found -> found.isEmpty() || found.get().done()
                ? Uni.createFrom().voidItem() : ownership.abortElsewhere(found.get()));
    }

    /** Completes when the execution is done or {@code max} has passed, whichever is first. */
    Uni<Void> awaitDone(UUID id, Duration max) {
        return awaitEnd(id, max).replaceWithVoid();
    }

    /**
     * Like {@link #awaitDone}, and the execution's final row when it is done: as written at its end
     * when it ended in this process (no read needed), else as last read; empty when it is not done
     * in time (or was fenced off here).
     */
    Uni<Optional<ExecutionRow>> awaitEnd(UUID id, Duration max) {
        Run local = admission.local(id);
        if (local != null) {
            return whenReleased(local, max).map(x -> Optional.ofNullable(local.endRow));
        }
        ExecutionRow ended = recent.get(id);
        if (ended != null) {
            return Uni.createFrom().item(Optional.of(ended));
        }
        Instant until = parts.clock().now().plus(max);
        return parts.store().find(id).chain(row -> {
            if (row.isEmpty() || row.get().done()) {
                return Uni.createFrom().item(row);
            }
            if (!parts.clock().now().isBefore(until)) {
                return Uni.createFrom().item(Optional.<ExecutionRow>empty());
            }
            return Uni.createFrom().<Void>emitter(em -> parts.clock().schedule(50, () -> em.complete(null)))
                    .chain(() -> awaitEnd(id, Duration.between(parts.clock().now(), until)));
        });
    }

    /** Each waiter waits on its own copy of the run's signal: its timeout cancels only that copy. */
    private static Uni<Void> whenReleased(Run run, Duration max) {
        return Uni.createFrom().completionStage(run::whenReleased).ifNoItem().after(max).recoverWithItem((Void) null);
    }

    Uni<Void> sweep() {
        return ownership.sweep();
    }

    /** The watch saw the object of an execution change: poll it now. */
    void nudge(UUID id) {
        Run run = admission.local(id);
        if (run != null) {
            conductor.polling().nudge(run);
        }
    }

    /** Whether this process drives the execution right now. */
    boolean drives(UUID id) {
        return admission.isLocal(id);
    }

    int active() {
        return admission.active();
    }

    int queued() {
        return admission.queued();
    }

    EngineParts parts() {
        return parts;
    }
}
