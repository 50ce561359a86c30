package dev.kite.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.ClientProxy;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.PluginJson;
import dev.kite.spi.TaskPlugin;

/**
 * Binds a task's {@code config} to its plugin's config class (as the build resolved it), runs the
 * plugin's own checks and prepares it, with the SPI's one binding ({@link PluginJson}): at
 * registration and before a first attempt. What a task version binds to is kept (a registered
 * version is immutable), so the plugin prepares each task version once per process.
 */
@ApplicationScoped
public class ConfigBinder {

    /** How many task versions' bound configs are kept. */
    static final int KEPT = 1024;

    @Inject
    DeclaredPlugins declared;

    /** What a task version bound to, with the template it was bound from and that template's digest. */
    private record Kept(TaskTemplate template, String digest, PluginJson.Bound<?> bound) {
    }

    /** By plugin class and task id. */
    private final Map<String, Kept> bound = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEPT;
        }
    };

    /** The bound config, or null after recording errors under {@code config}. */
    public <C> C bind(TaskPlugin<C> plugin, TaskTemplate task, FieldErrors errors) {
        PluginJson.Bound<C> b = bindAndPrepare(plugin, task, errors);
        return b == null ? null : b.config();
    }

    /** The bound and prepared config, or null after recording errors under {@code config}. */
    @SuppressWarnings("unchecked")
    public <C> PluginJson.Bound<C> bindAndPrepare(TaskPlugin<C> plugin, TaskTemplate task, FieldErrors errors) {
        Class<?> type = ClientProxy.unwrap(plugin).getClass();
        String key = type.getName() + " " + task.id();
        synchronized (bound) {
            Kept kept = bound.get(key);
            if (kept != null && kept.template() == task) {
                return (PluginJson.Bound<C>) kept.bound(); // the very template (the registry's): no digest needed
            }
        }
        String digest = task.digest();
        synchronized (bound) {
            Kept kept = bound.get(key);
            if (kept != null && kept.digest().equals(digest)) {
                bound.put(key, new Kept(task, digest, kept.bound()));
                return (PluginJson.Bound<C>) kept.bound();
            }
        }
        Class<C> configType = (Class<C>) declared.of(type).map(DeclaredPlugins.Declaration::configType)
                .orElseThrow(() -> new IllegalStateException("plugin " + type.getName() + " was not found at build time"));
        PluginJson.Bound<C> b = PluginJson.bindAndPrepare(plugin, configType, task, errors);
        if (b != null) {
            synchronized (bound) {
                bound.put(key, new Kept(task, digest, b));
            }
        }
        return b;
    }
}
