package dev.kite.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.ClientProxy;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.PluginJson;
import dev.kite.spi.TaskPlugin;

/**
 * Binds a task's {@code config} to its plugin's config class (as the build resolved it) and runs
 * the plugin's own checks, with the SPI's one binding ({@link PluginJson}): at registration and
 * before a first attempt.
 */
@ApplicationScoped
public class ConfigBinder {

    @Inject
    DeclaredPlugins declared;

    /** The bound config, or null after recording errors under {@code config}. */
    @SuppressWarnings("unchecked")
    public <C> C bind(TaskPlugin<C> plugin, TaskTemplate task, FieldErrors errors) {
        Class<?> type = ClientProxy.unwrap(plugin).getClass();
        Class<C> configType = (Class<C>) declared.of(type).map(DeclaredPlugins.Declaration::configType)
                .orElseThrow(() -> new IllegalStateException("plugin " + type.getName() + " was not found at build time"));
        return PluginJson.bindConfig(plugin, configType, task, errors);
    }
}
