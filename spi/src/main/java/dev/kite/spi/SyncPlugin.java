package dev.kite.spi;

import io.smallrye.mutiny.Uni;

/**
 * A plugin that runs a task to completion in one call.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @TaskTypes("echo")
 * public class EchoPlugin implements SyncPlugin<NoConfig> {
 *  *     public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
 *         return Uni.createFrom().item(TaskResult.succeeded(ctx.inputs()));
 *     }
 * }
 * }</pre>
 *
 * @param <C> the config class
 */
public interface SyncPlugin<C> extends TaskPlugin<C> {

    /**
     * Runs one attempt. Return a failed {@link TaskResult} (or fail the {@code Uni} with a
     * {@link TaskException}) for a typed error; any other failure is a SYSTEM recoverable error.
     * The engine cancels the subscription when the attempt times out or is aborted.
     */
    Uni<TaskResult> run(TaskContext<C> ctx);

    /**
     * Whether {@link #run} blocks the calling thread (JDBC, a child process, user code). The
     * engine then calls it on a worker thread, never on the event loop. Default: false.
     */
    default boolean blocking() {
        return false;
    }

    /**
     * Whether {@link #run} blocks for this task; a plugin whose tasks differ (some block, some only
     * compute briefly) answers per task. Default: {@link #blocking()}.
     */
    default boolean blocking(TaskContext<C> ctx) {
        return blocking();
    }
}
