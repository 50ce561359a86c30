package dev.kite.spi;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.data.DataStore;

/**
 * What every plugin shape has in common. Do not implement this directly: implement
 * {@link SyncPlugin}, {@link AsyncPlugin} or {@link KubernetesPlugin}.
 *
 * <p>A plugin class is found at build time, in the Jandex index of the application and of every
 * dependency that has one (a jar with a {@code META-INF/beans.xml} or a Jandex index), so adding
 * its jar to the server is all the registration there is. The class must:
 * <ul>
 *   <li>be a concrete class annotated {@code @ApplicationScoped} or {@code @Singleton};</li>
 *   <li>declare its task types with {@link TaskTypes @TaskTypes} (read at build time);</li>
 *   <li>bind its type arguments to concrete classes that Jackson can create from JSON: records,
 *       or classes with a no-argument or {@code @JsonCreator} constructor (they are registered
 *       for reflection so that a native image binds them too).</li>
 * </ul>
 * Any of these missing fails the build with a message naming the class.
 *
 * @param <C> the plugin's config class, bound by the engine from the task's {@code config} object
 *            with Jackson (unknown fields are rejected). Use {@link NoConfig} when the plugin has
 *            none.
 */
public interface TaskPlugin<C> {

    /**
     * A short, stable, unique name, shown in {@code GET /api/v1/plugins} and used in config
     * ({@code kite.build.plugins.default-for}, {@code kite.plugins.disabled}). The task types are
     * declared with {@link TaskTypes @TaskTypes} on the class. Default: the first of them; override
     * only when two plugins claim the same first task type.
     */
    default String name() {
        return PluginTypes.name(getClass());
    }

    /**
     * The class the task's {@code config} is bound to: the plugin's type argument {@code C}.
     * Nothing to override: Kite's build reads it from the class declaration, and the engine uses
     * what the build found.
     */
    @SuppressWarnings("unchecked")
    default Class<C> configType() {
        return (Class<C>) PluginTypes.argument(getClass(), TaskPlugin.class, 0);
    }

    /**
     * Checks a task at registration and again before its first attempt, beyond what binding the
     * config already checked. Record problems with paths such as {@code config.url} or
     * {@code container.image}; a task with errors is rejected (400) or failed (USER,
     * non-recoverable). Problems that leave the task valid are warnings:
     * {@code errors.warn("config.x", "...")}; the registration answer lists them
     * ({@code warnings}), and an attempt ignores them. The default accepts everything.
     */
    default void validate(TaskTemplate task, C config, FieldErrors errors) {
    }

    /**
     * Compiles the config once per task version, after {@link #validate} found no problem: parse
     * templates, pointers and patterns here, not on every call. The engine keeps the result with the
     * bound config and hands it to every run, submit, poll, cancel, build and status of the task's
     * attempts as {@link TaskContext#prepared()}. Record problems like {@code validate} does (they
     * are part of the same 400); return null when there is nothing to prepare (the default).
     *
     * <p>The result must not depend on an execution (inputs, attempt): it is computed at
     * registration and again when a Kite process first runs the task version, and shared by all its
     * executions. Make it immutable and thread-safe.
     */
    default Object prepare(TaskTemplate task, C config, FieldErrors errors) {
        return null;
    }

    /**
     * Checks at registration what the config names in Kite's data store (a notebook or script kept
     * there), after {@link #validate} and {@link #prepare} found no problem and the caller may
     * register in the project. Asynchronous: read with {@code data}, never block. Record problems
     * as {@code validate} does (a 400, or warnings); fail the {@code Uni} with a transient
     * {@link dev.kite.spi.data.DataStoreException} when the store does not answer (503). Never
     * put the object's content in a message. Not called before attempts (the object may change
     * later): read it again when the attempt starts. Nothing by default.
     */
    default Uni<Void> validateStored(TaskTemplate task, C config, DataStore data, FieldErrors errors) {
        return Uni.createFrom().voidItem();
    }

    /**
     * A start-up check (reach the remote service, find a binary). An exception marks the plugin
     * unhealthy: its tasks then fail with a SYSTEM error naming the cause, and the rest of Kite
     * keeps serving. Called once, on a thread of its own, while Kite starts and serves: until it
     * returns the plugin is reported degraded and the tasks of its types wait for it (their
     * registration does not, so {@link #validate} may run before or while it does).
     */
    default void check() throws Exception {
    }

    /**
     * The plugin's health now, asked on every readiness probe ({@code /q/health/ready}): answer
     * from what the plugin already knows (its last calls, a cached check), quickly and without
     * blocking; never call a remote service here. Default: {@link PluginHealth#up()}. A plugin whose
     * start-up {@link #check()} failed is reported down without asking.
     */
    default PluginHealth health() {
        return PluginHealth.up();
    }
}
