package dev.kite.engine;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.kubernetes.KubeHandle;
import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.PluginJson;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.TaskPlugin;

/**
 * The plugin of an execution as the engine drives it, whatever its shape: the sync plugin itself,
 * an async plugin, or a Kubernetes plugin through the driver's async adapter. Binds a task's
 * config, builds an attempt's context, reads and writes persisted handles.
 */
final class Shapes {

    private final EngineParts parts;

    Shapes(EngineParts parts) {
        this.parts = parts;
    }

    Optional<PluginRegistry.Entry> entry(Run run) {
        return parts.plugins().forType(run.task.type());
    }

    TaskPlugin<?> plugin(Run run) {
        return entry(run).map(PluginRegistry.Entry::plugin).orElse(null);
    }

    /** The plugin as the engine drives remote work: itself, or a Kubernetes plugin's adapter; null for sync plugins. */
    AsyncPlugin<?, ?> async(TaskPlugin<?> plugin) {
        if (plugin instanceof AsyncPlugin<?, ?> async) {
            return async;
        }
        if (plugin instanceof KubernetesPlugin<?, ?> k) {
            return parts.kubernetes().get().async(k);
        }
        return null;
    }

    AsyncPlugin<?, ?> async(Run run) {
        TaskPlugin<?> plugin = plugin(run);
        return plugin == null ? null : async(plugin);
    }

    static boolean watched(AsyncPlugin<?, ?> async) {
        return async instanceof KubernetesDriver.Adapter<?, ?>;
    }

    /** Binds, checks and prepares the run's config (once per task version, see {@link ConfigBinder}). */
    void bind(Run run, TaskPlugin<?> plugin, FieldErrors errors) {
        PluginJson.Bound<?> bound = parts.binder().bindAndPrepare(plugin, run.task, errors);
        run.config = bound == null ? null : bound.config();
        run.prepared = bound == null ? null : bound.prepared();
    }

    /** Binds the run's config when it has none yet (a cancel through another process's handle). */
    void ensureConfig(Run run, TaskPlugin<?> plugin) {
        if (run.config == null) {
            bind(run, plugin, new FieldErrors());
        }
    }

    AttemptContext<?> context(Run run, Attempt a) {
        java.util.List<dev.kite.spi.TaskError> previous = new java.util.ArrayList<>();
        synchronized (run) {
            for (Attempt earlier : run.attempts) {
                if (earlier.number < a.number && earlier.error != null) {
                    previous.add(earlier.error);
                }
            }
        }
        return new AttemptContext<>(run.task, run.id, run.config, run.prepared, run.inputs, a.number, a.name, run.startTime,
                run.seed, a.interruptible, a.deadline, java.util.List.copyOf(previous), parts.telemetry().trace(run, a));
    }

    Object handle(AsyncPlugin<?, ?> async, Attempt a) {
        return PluginJson.readHandle(a.handle, parts.plugins().handleType(async));
    }

    JsonNode handleJson(Object handle) {
        return PluginJson.writeHandle(handle);
    }

    /** Where a Kubernetes attempt's logs are; null for other shapes. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    JsonNode logs(AsyncPlugin<?, ?> async, AttemptContext<?> ctx, Object handle) {
        return async instanceof KubernetesDriver.Adapter k ? k.logs(ctx, (KubeHandle) handle) : null;
    }

    /** Field errors as one message: {@code path: message; path: message}. */
    static String describe(FieldErrors errors) {
        StringBuilder sb = new StringBuilder();
        for (dev.kite.model.FieldError e : errors.list()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(e.path()).append(": ").append(e.message());
        }
        return sb.toString();
    }
}
