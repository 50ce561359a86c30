package dev.kite.engine;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskPlugin;

/**
 * Stops the work of an attempt: a local plugin call is cancelled (a blocking one by interrupting
 * its worker), remote work through the plugin's {@code cancel} with the persisted handle — also
 * for an attempt another process started. It does not decide what the execution becomes.
 */
final class Cancellation {

    private static final Logger LOG = Logger.getLogger(Cancellation.class);

    private final EngineParts parts;
    private final Shapes shapes;
    private final Timers timers;

    Cancellation(EngineParts parts, Shapes shapes, Timers timers) {
        this.parts = parts;
        this.shapes = shapes;
        this.timers = timers;
    }

    /** Cancels the local or remote work of an attempt (call under the run's lock). */
    Uni<Void> cancelWork(Run run, Attempt a) {
        timers.cancelAttemptTimers(run);
        dropLocalWork(run);
        return a.handle != null ? cancelRemote(run, a) : Uni.createFrom().voidItem();
    }

    /** Cancels the in-process plugin call, if any (call under the run's lock). */
    void dropLocalWork(Run run) {
        if (run.work != null) {
            run.work.cancel();
            run.work = null;
        }
        if (run.blockingWork != null) {
            run.blockingWork.cancel(true);
            run.blockingWork = null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Uni<Void> cancelRemote(Run run, Attempt a) {
        TaskPlugin<?> plugin = shapes.plugin(run);
        AsyncPlugin async = plugin == null ? null : shapes.async(plugin);
        if (async == null || a.handle == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            Object handle = shapes.handle(async, a);
            shapes.ensureConfig(run, plugin);
            return parts.telemetry().<Object, Void>call(run, a, "cancel", async.name(), (AttemptContext) shapes.context(run, a),
                    c -> parts.guards().<Void>plugin(async.name(), () -> async.cancel(c, handle)))
                    .onFailure().invoke(f -> LOG.warnf("cancel of %s attempt %d failed: %s", run.id, a.number, f));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
