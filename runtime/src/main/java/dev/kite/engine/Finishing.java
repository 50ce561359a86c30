package dev.kite.engine;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import dev.kite.kubernetes.KubeHandle;
import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskPlugin;

/**
 * How a run leaves this process. {@link #finish}: the terminal state is persisted (once; a second
 * end is a no-op), then a Kubernetes attempt's object is deleted, the cache reservation given up
 * and the slot handed on. {@link #stop}: an abort or the deadline cancels the running attempt
 * first. {@link #lost}: another process owns the execution now (a fenced-off write); local work is
 * dropped. {@link #persistFailed}: the database stayed unreachable; the run is handed back to a
 * later sweep, which resumes it from its last persisted state.
 */
final class Finishing {

    private static final Logger LOG = Logger.getLogger(Finishing.class);

    private final EngineParts parts;
    private final Journal journal;
    private final Admission admission;
    private final Timers timers;
    private final Cancellation cancellation;
    private final Shapes shapes;
    private final Memoizer memoizer;
    private final RecentEnds recent;
    private final Set<UUID> resumeLater = ConcurrentHashMap.newKeySet();
    /** Told of every run that leaves this process, after its slot is free (the graphs of dynamic tasks). */
    private volatile java.util.function.Consumer<Run> onRelease = run -> { };

    Finishing(EngineParts parts, Journal journal, Admission admission, Timers timers, Cancellation cancellation,
            Shapes shapes, Memoizer memoizer, RecentEnds recent) {
        this.parts = parts;
        this.recent = recent;
        this.journal = journal;
        this.admission = admission;
        this.timers = timers;
        this.cancellation = cancellation;
        this.shapes = shapes;
        this.memoizer = memoizer;
    }

    void finish(Run run, Phase phase, TaskError error, ObjectNode outputs) {
        finish(run, phase, error, outputs, error == null ? null : error.message(), null);
    }

    /** Ends the run in {@code phase}; {@code emitter} (may be null) completes once it is persisted. */
    void finish(Run run, Phase phase, TaskError error, ObjectNode outputs, String reason, UniEmitter<? super Void> emitter) {
        synchronized (run) {
            if (run.phase().isTerminal()) {
                if (emitter != null) {
                    emitter.complete(null);
                }
                return;
            }
            run.moveTo(phase);
            run.outputs = outputs;
            run.error = error;
            run.errorMessage = error == null ? null : reason;
            run.nextAt = null;
            if (run.cacheStatus == null) {
                run.cacheStatus = run.task.metadata().cache() == null ? CacheStatus.DISABLED : CacheStatus.MISS;
            }
            run.event(null, phase.name(), error == null ? null : reason);
            timers.cancelAll(run);
            parts.telemetry().executionEnded(run, phase);
        }
        journal.writeEnd(run).subscribe().with(change -> {
            if (change != null) {
                run.endRow = run.rowAfter(change, parts.nodeId());
                cleanUp(run, run.current());
            }
            memoizer.afterEnd(run);
            release(run);
            if (emitter != null) {
                emitter.complete(null);
            }
        }, failure -> {
            persistFailed(run, failure);
            if (emitter != null) {
                emitter.fail(failure);
            }
        });
    }

    /** Ends a run at once (abort, deadline): the running attempt is cancelled and no retry follows. */
    Uni<Void> stop(Run run, Phase phase, TaskError error) {
        Uni<Void> cancelled;
        synchronized (run) {
            if (run.phase().isTerminal()) {
                return Uni.createFrom().voidItem();
            }
            Attempt a = run.current();
            cancelled = Uni.createFrom().voidItem();
            if (a != null && a.running()) {
                a.phase = phase.name();
                a.endedAt = parts.clock().now();
                a.error = error;
                parts.telemetry().attemptEnded(run, a, phase.name());
                run.event(a.number, phase.name(), error.message());
                cancelled = cancellation.cancelWork(run, a);
            }
            timers.cancelAll(run);
        }
        return cancelled.onFailure().recoverWithNull()
                .chain(() -> Uni.createFrom().emitter(em -> finish(run, phase, error, null, error.message(), em)));
    }

    /** The execution was taken over by another process or finished elsewhere: stop local work. */
    void lost(Run run) {
        LOG.debugf("execution %s is no longer ours; dropping local work", run.id);
        synchronized (run) {
            cancellation.dropLocalWork(run);
            timers.cancelAll(run);
        }
        memoizer.afterEnd(run);
        release(run);
    }

    void persistFailed(Run run, Throwable failure) {
        // The guard already retried; the state stays as last persisted and a sweep of a live
        // process (this one after the database returns, or another) resumes it from there.
        LOG.errorf("could not persist execution %s (%s); it will be resumed from its last persisted state", run.id, failure.toString());
        synchronized (run) {
            cancellation.dropLocalWork(run);
            timers.cancelAll(run);
        }
        release(run);
        resumeLater.add(run.id);
    }

    /** The executions handed back to a sweep by {@link #persistFailed}. */
    List<UUID> toResume() {
        return List.copyOf(resumeLater);
    }

    void resumed(List<UUID> ids) {
        resumeLater.removeAll(ids);
    }

    boolean nothingToResume() {
        return resumeLater.isEmpty();
    }

    void onRelease(java.util.function.Consumer<Run> listener) {
        this.onRelease = listener;
    }

    private void release(Run run) {
        synchronized (run) {
            timers.cancelAll(run);
        }
        parts.telemetry().released(run);
        recent.ended(run); // before the run leaves admission: a reader finds it in one or the other
        admission.release(run); // first: a waiter answered on the signal sees the slot free already
        run.markReleased();
        onRelease.accept(run);
    }

    /**
     * Once an attempt's end is persisted, a Kubernetes attempt's object is deleted (kept on failure
     * when so configured). Timed-out and aborted attempts were deleted by their cancel already.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void cleanUp(Run run, Attempt a) {
        if (a == null || a.handle == null || a.cleaned || !(Phase.SUCCEEDED.name().equals(a.phase) || Phase.FAILED.name().equals(a.phase))) {
            return;
        }
        TaskPlugin<?> plugin = shapes.plugin(run);
        if (!(plugin instanceof KubernetesPlugin<?, ?> k)) {
            return;
        }
        a.cleaned = true;
        KubernetesDriver.Adapter adapter = (KubernetesDriver.Adapter) parts.kubernetes().get().async(k);
        try {
            KubeHandle handle = parts.mapper().treeToValue(a.handle, KubeHandle.class);
            parts.telemetry().<Object, Void>call(run, a, "cleanUp", adapter.name(), (AttemptContext) shapes.context(run, a),
                    c -> parts.guards().<Void>plugin(adapter.name(), () -> adapter.cleanUp(c, handle, Phase.SUCCEEDED.name().equals(a.phase))))
                    .subscribe().with(x -> { }, f -> LOG.warnf("could not delete the object of %s attempt %d: %s", run.id, a.number, f));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.warnf("could not delete the object of %s attempt %d: %s", run.id, a.number, e);
        }
    }

}
