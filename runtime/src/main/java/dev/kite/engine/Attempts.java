package dev.kite.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskPlugin;
import dev.kite.spi.TaskResult;

/**
 * Runs a persisted attempt with its plugin, per shape: a sync plugin in the process (a blocking
 * one on the worker pool, interruptible), an async or Kubernetes plugin by submitting remote work
 * and handing its handle to {@link Polling}. After a restart or takeover it re-attaches to a
 * running attempt: remote work is polled again through its persisted handle, in-process work was
 * lost with its process. Reports every end through {@link AttemptOutcomes}; a plugin's failure is
 * classified into a {@link TaskError}, never the engine's.
 */
final class Attempts {

    private final EngineParts parts;
    private final Shapes shapes;
    private final Journal journal;
    private final Polling polling;
    private final Cancellation cancellation;
    private final AttemptOutcomes outcomes;

    Attempts(EngineParts parts, Shapes shapes, Journal journal, Polling polling, Cancellation cancellation,
            AttemptOutcomes outcomes) {
        this.parts = parts;
        this.shapes = shapes;
        this.journal = journal;
        this.polling = polling;
        this.cancellation = cancellation;
        this.outcomes = outcomes;
    }

    /** Whether the run's attempts run in this process (a sync plugin), so that no other process can reattach to them. */
    boolean inProcess(Run run) {
        return shapes.plugin(run) instanceof SyncPlugin<?>;
    }

    /** Runs the plugin for a freshly persisted attempt (or, in process, one whose RUNNING is written later). */
    void act(Run run, Attempt a) {
        TaskPlugin<?> plugin = shapes.plugin(run);
        AsyncPlugin<?, ?> async = plugin == null ? null : shapes.async(plugin);
        if (plugin instanceof SyncPlugin<?> sync) {
            runSync(run, a, sync);
        } else if (async != null) {
            submitAsync(run, a, async);
        } else {
            outcomes.ended(run, a, null, TaskError.systemFatal("UNSUPPORTED_SHAPE",
                    "plugin " + (plugin == null ? run.task.type() : plugin.name()) + " has a shape this engine does not drive yet"));
        }
    }

    /**
     * Continues an attempt that was running when its process stopped; answers false when the
     * attempt cannot be continued (its end has been reported then), true when it runs on and its
     * timeout must be armed.
     */
    boolean reattach(Run run, Attempt a) {
        TaskPlugin<?> plugin = shapes.plugin(run);
        if (plugin == null) {
            outcomes.ended(run, a, null, TaskError.systemFatal("NO_PLUGIN", "no plugin runs task type '" + run.task.type() + "'"));
            return false;
        }
        FieldErrors errors = new FieldErrors();
        shapes.bind(run, plugin, errors);
        if (!errors.isEmpty()) {
            outcomes.ended(run, a, null, TaskError.user("INVALID_CONFIG", Shapes.describe(errors)));
            return false;
        }
        AsyncPlugin<?, ?> async = shapes.async(plugin);
        if (async == null) {
            // in-process work cannot survive its process: the attempt was lost with it
            outcomes.ended(run, a, null, TaskError.system("INTERRUPTED",
                    "the Kite process running this attempt stopped before it ended"));
            return false;
        }
        if (a.handle == null) {
            submitAsync(run, a, async); // submit is idempotent on the attempt's generated name
        } else {
            polling.schedule(run, a, async, java.time.Duration.ZERO);
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runSync(Run run, Attempt a, SyncPlugin sync) {
        AttemptContext<?> ctx = shapes.context(run, a);
        if (sync.blocking(ctx)) {
            // submitted rather than supplyAsync: cancelling this Future interrupts the worker, so a
            // timed-out or aborted function that sleeps or waits on I/O gives its thread back
            CompletableFuture<TaskResult> f = new CompletableFuture<>();
            Future<?> work = parts.workers().submit(() -> {
                try {
                    f.complete((TaskResult) parts.telemetry().call(run, a, "run", sync.name(), ctx, c -> sync.run(c)).await().indefinitely());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            synchronized (run) {
                run.blockingWork = work;
            }
            f.whenComplete((result, failure) -> onSyncResult(run, a, result, unwrap(failure)));
            return;
        }
        Uni<TaskResult> uni;
        try {
            uni = parts.telemetry().call(run, a, "run", sync.name(), ctx, c -> sync.run(c));
        } catch (RuntimeException e) {
            onSyncResult(run, a, null, e);
            return;
        }
        var cancellable = uni.subscribe().with(result -> onSyncResult(run, a, result, null),
                failure -> onSyncResult(run, a, null, failure));
        synchronized (run) {
            if (a.running()) {
                run.work = cancellable;
            }
        }
    }

    private void onSyncResult(Run run, Attempt a, TaskResult result, Throwable failure) {
        if (result != null) {
            synchronized (run) {
                AttemptReports.record(a, result.message(), result.links()); // persisted with the end
            }
        }
        if (failure != null) {
            outcomes.ended(run, a, null, classify(failure, run));
        } else if (result == null) {
            outcomes.ended(run, a, null, TaskError.system("NO_RESULT", "the plugin returned no result"));
        } else if (result.isSuccess()) {
            outcomes.ended(run, a, result.outputs(), null);
        } else {
            outcomes.ended(run, a, null, result.error());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void submitAsync(Run run, Attempt a, AsyncPlugin async) {
        AttemptContext<?> ctx = shapes.context(run, a);
        synchronized (run) {
            a.submitting = true;
        }
        Uni<Object> submitted = parts.telemetry().call(run, a, "submit", async.name(), ctx,
                c -> parts.guards().plugin(async.name(), () -> async.submit(c)));
        submitted.subscribe().with(handle -> {
            boolean late;
            synchronized (run) {
                a.submitting = false;
                a.handle = shapes.handleJson(handle);
                a.logs = shapes.logs(async, ctx, handle);
                late = !a.running();
                if (!late) {
                    run.event(a.number, "SUBMITTED", null);
                }
            }
            if (late) {
                // timed out or aborted while the submission was in flight: the cancel then had no
                // handle to go through, so the remote work exists only now and must be stopped now
                cancellation.cancelRemote(run, a).subscribe().with(x -> { }, f -> { });
                return;
            }
            journal.write(run).subscribe().with(applied -> {
                if (applied) {
                    polling.schedule(run, a, async, parts.config().engine().pollInitial());
                } else {
                    cancellation.cancelRemote(run, a).subscribe().with(x -> { }, f -> { });
                    outcomes.lost(run);
                }
            }, f -> outcomes.persistFailed(run, f));
        }, failure -> {
            synchronized (run) {
                a.submitting = false;
            }
            outcomes.ended(run, a, null, classify(failure, run));
        });
    }

    private TaskError classify(Throwable failure, Run run) {
        Throwable f = unwrap(failure);
        if (f instanceof TaskException te) {
            return te.error();
        }
        var guards = parts.config().guards();
        if (f instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            return TaskError.system("PLUGIN_UNAVAILABLE", "plugin for type '" + run.task.type() + "' is failing: its circuit"
                    + " breaker is open after repeated failures (next trial call after " + guards.circuitBreakerDelay() + ")");
        }
        if (f instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return TaskError.system("PLUGIN_TIMEOUT", "plugin for type '" + run.task.type() + "' did not answer within "
                    + guards.pluginTimeout() + " (kite.guards.plugin-timeout), " + (guards.pluginRetries() + 1) + " tries");
        }
        return TaskError.system("PLUGIN_ERROR", "plugin for type '" + run.task.type() + "' failed unexpectedly: " + f);
    }

    private static Throwable unwrap(Throwable t) {
        while (t != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
