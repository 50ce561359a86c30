package dev.kite.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskPlugin;

/**
 * Binds a task's {@code config} to its plugin's config class and runs the plugin's own checks.
 * The one place where plugin config meets JSON, at registration and before a first attempt.
 */
@ApplicationScoped
public class ConfigBinder {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConfigBinder.class);

    @Inject
    ObjectMapper mapper;

    /** The bound config, or null after recording errors under {@code config}. */
    public <C> C bind(TaskPlugin<C> plugin, TaskTemplate task, FieldErrors errors) {
        ObjectNode raw = task.config() == null ? JsonNodeFactory.instance.objectNode() : task.config();
        C config;
        try {
            ObjectReader reader = mapper.readerFor(plugin.configType())
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
            config = reader.readValue(raw);
        } catch (JsonMappingException e) {
            errors.add(path(e), BindingMessages.of(e));
            return null;
        } catch (java.io.IOException e) {
            errors.add("config", "cannot be read as this task type's config");
            return null;
        }
        int before = errors.size();
        try {
            plugin.validate(task, config, errors);
        } catch (RuntimeException e) {
            LOG.warnf(e, "plugin %s failed checking the config of %s", plugin.name(), task.id());
            errors.add("config", "plugin " + plugin.name() + " could not check the config (a fault of the plugin; see the server log)");
        }
        return errors.size() == before ? config : null;
    }

    private static String path(JsonMappingException e) {
        String path = "config";
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? FieldErrors.child(path, ref.getFieldName())
                    : FieldErrors.index(path, ref.getIndex());
        }
        return path;
    }
}
