package dev.kite.spi;

import io.smallrye.mutiny.Uni;

/**
 * A plugin for remote work that has an id: submit, then poll until it ends.
 *
 * <p>The handle returned by {@link #submit} is persisted before anything else happens, so that a
 * restarted Kite polls the same job instead of submitting it again. Keep it small and
 * JSON-serializable (a record of strings). Submission should be idempotent on
 * {@link TaskContext#generatedName()}: a crash between the remote submit and the persisting of
 * the handle makes the engine call {@code submit} again with the same name.
 *
 * <pre>{@code
 * public record JobHandle(String jobId) {}
 *
 * @ApplicationScoped
 * @TaskTypes("job")
 * public class JobPlugin implements AsyncPlugin<JobConfig, JobHandle> {
 *     public Uni<JobHandle> submit(TaskContext<JobConfig> ctx) { return client.submit(ctx.generatedName()).map(JobHandle::new); }
 *     public Uni<TaskStatus> poll(TaskContext<JobConfig> ctx, JobHandle h) { return client.status(h.jobId()).map(this::toStatus); }
 *     public Uni<Void> cancel(TaskContext<JobConfig> ctx, JobHandle h) { return client.cancel(h.jobId()); }
 *     ...
 * }
 * }</pre>
 *
 * @param <C> the config class
 * @param <H> the handle class
 */
public interface AsyncPlugin<C, H> extends TaskPlugin<C> {

    /**
     * The handle class, bound to and from JSON by the engine: the type argument {@code H}. Nothing
     * to override: Kite's build reads it from the class declaration.
     */
    @SuppressWarnings("unchecked")
    default Class<H> handleType() {
        return (Class<H>) PluginTypes.argument(getClass(), AsyncPlugin.class, 1);
    }

    /** Starts the remote work and returns its handle. */
    Uni<H> submit(TaskContext<C> ctx);

    /**
     * Reads the remote work's status. The engine polls with backoff and a per-plugin rate limit;
     * a failed poll is retried, and several failures in a row fail the attempt (SYSTEM).
     */
    Uni<TaskStatus> poll(TaskContext<C> ctx, H handle);

    /** Stops the remote work (abort, timeout). Must be safe to call more than once. */
    Uni<Void> cancel(TaskContext<C> ctx, H handle);
}
