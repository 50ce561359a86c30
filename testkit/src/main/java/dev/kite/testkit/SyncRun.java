package dev.kite.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;

/**
 * One attempt of a {@link SyncPlugin}, run as the engine runs it: on a worker thread when the
 * plugin says it blocks, the subscription cancelled on a timeout or an abort, a failed
 * {@code Uni} turned into the result the engine would record (a {@link TaskException}'s error;
 * anything else is what the engine classifies as a SYSTEM error, rethrown here for the test to see).
 *
 * <pre>{@code
 * TaskResult r = SyncRun.start(plugin, ctx).await(Duration.ofSeconds(5));
 * }</pre>
 */
public final class SyncRun {

    private final CompletableFuture<TaskResult> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Cancellable subscription;

    private <C> SyncRun(SyncPlugin<C> plugin, TestContext<C> ctx) {
        Uni<TaskResult> run = Uni.createFrom().deferred(() -> plugin.run(ctx));
        if (plugin.blocking()) {
            run = run.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        subscription = run.onCancellation().invoke(() -> cancelled.set(true))
                .subscribe().with(result::complete, f -> {
                    if (f instanceof TaskException t) {
                        result.complete(TaskResult.failed(t.error()));
                    } else {
                        result.completeExceptionally(f);
                    }
                });
    }

    /** Starts the attempt. */
    public static <C> SyncRun start(SyncPlugin<C> plugin, TestContext<C> ctx) {
        return new SyncRun(plugin, ctx);
    }

    /** Runs the attempt to its end, at most {@code timeout}. */
    public static <C> TaskResult run(SyncPlugin<C> plugin, TestContext<C> ctx, Duration timeout) {
        return start(plugin, ctx).await(timeout);
    }

    /**
     * The result; on a timeout the attempt is cancelled, as the engine cancels it at the deadline.
     *
     * @throws AssertionError when the attempt did not end within {@code timeout}
     */
    public TaskResult await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw new AssertionError("the attempt did not end within " + timeout + "; it was cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the plugin failed its Uni with " + e.getCause()
                    + " (the engine records a SYSTEM recoverable error)", e.getCause());
        }
    }

    /** Aborts the attempt: cancels the subscription to {@code run}, as an abort or a timeout does. */
    public void cancel() {
        subscription.cancel();
    }

    /** Whether the plugin's {@code Uni} saw the cancellation. */
    public boolean cancelled() {
        return cancelled.get();
    }

    /** Whether the attempt has ended (with a result or a failure). */
    public boolean done() {
        return result.isDone();
    }
}
