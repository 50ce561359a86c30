package dev.kite.spi;

import java.util.Set;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;

/**
 * What every plugin shape has in common. Do not implement this directly: implement
 * {@link SyncPlugin}, {@link AsyncPlugin} or {@link KubernetesPlugin}.
 *
 * @param <C> the plugin's config class, bound by the engine from the task's {@code config} object
 *            with Jackson (unknown fields are rejected). Use {@link NoConfig} when the plugin has
 *            none.
 */
public interface TaskPlugin<C> {

    /** A short, stable, unique name, shown in {@code GET /api/v1/plugins} and used in config. */
    String name();

    /** The task types this plugin runs, e.g. {@code "http"}. */
    Set<String> taskTypes();

    /** The class the task's {@code config} is bound to. */
    Class<C> configType();

    /**
     * Checks a task at registration and again before its first attempt, beyond what binding the
     * config already checked. Record problems with paths such as {@code config.url} or
     * {@code container.image}; a task with errors is rejected (400) or failed (USER,
     * non-recoverable). The default accepts everything.
     */
    default void validate(TaskTemplate task, C config, FieldErrors errors) {
    }

    /**
     * A start-up check (reach the remote service, find a binary). An exception marks the plugin
     * unhealthy: its tasks then fail with a SYSTEM error naming the cause, and the rest of Kite
     * keeps serving. Called once, off the event loop.
     */
    default void check() throws Exception {
    }
}
