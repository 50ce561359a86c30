package dev.kite.plugin.container;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.NoConfig;
import dev.kite.testkit.Contexts;
import dev.kite.testkit.TestContext;
import dev.kite.spi.kubernetes.ContainerSpec;

/** Tasks, contexts and settings for the container tests; JSON may use single quotes. */
final class Fixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /** A registered container task with these interface inputs ({name: type}) and container (or null). */
    static TaskTemplate task(String inputs, String container) {
        ObjectNode body = (ObjectNode) json("{'id': {'project': 'demo', 'domain': 'development', 'name': 'greet',"
                + " 'version': 'v1'}, 'type': 'container'}");
        if (inputs != null) {
            body.set("interface", json("{'inputs': " + inputs + "}"));
        }
        if (container != null) {
            body.set("container", json(container));
        }
        return TaskTemplate.fromJson(body);
    }

    static ContainerSpec spec(TaskTemplate task) {
        FieldErrors errors = new FieldErrors();
        ContainerSpec spec = ContainerSpec.compile(task, errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertNotNull(spec);
        return spec;
    }

    /** The context of the first attempt, bound and checked by the test kit as the engine would. */
    static TestContext<NoConfig> context(TaskTemplate task, String inputs) {
        return Contexts.of(withDefaults(new ContainerPlugin())).task(task).inputs(inputs).build();
    }

    /** The plugin with the default settings (as an unconfigured Kite has them). */
    static <P extends ContainerPlugin> P withDefaults(P plugin) {
        plugin.settings = Settings.defaults();
        return plugin;
    }

    /** The context of a task the plugin's checks would now refuse (the engine checks before the first attempt). */
    static TestContext<NoConfig> unchecked(TaskTemplate task, String inputs) {
        return Contexts.of(withDefaults(new Unchecked())).task(task).inputs(inputs).build();
    }

    /** The container plugin without its checks. */
    static final class Unchecked extends ContainerPlugin {
        @Override
        public ContainerSpec prepare(TaskTemplate task, NoConfig config, FieldErrors errors) {
            return null;
        }
    }

    /** Settings as a test writes them. */
    record Settings(Optional<String> podTemplate, Optional<String> defaultServiceAccount, Duration imagePullGrace,
            Duration pendingTimeout, Optional<List<String>> tolerations, Map<String, String> nodeSelector)
            implements ContainerSettings {

        static Settings defaults() {
            return new Settings(Optional.empty(), Optional.empty(), Duration.ofMinutes(3), Duration.ofMinutes(10),
                    Optional.empty(), Map.of());
        }

        Settings podTemplate(String path) {
            return new Settings(Optional.of(path), defaultServiceAccount, imagePullGrace, pendingTimeout, tolerations,
                    nodeSelector);
        }

        Settings tolerations(List<String> list) {
            return new Settings(podTemplate, defaultServiceAccount, imagePullGrace, pendingTimeout, Optional.of(list),
                    nodeSelector);
        }

        @Override
        public OomRetry oomRetry() {
            return new OomRetry() {
                @Override
                public double factor() {
                    return 1.5;
                }

                @Override
                public String maxMemory() {
                    return "16Gi";
                }
            };
        }

        @Override
        public Interruptible interruptible() {
            return new Interruptible() {
                @Override
                public Optional<List<String>> tolerations() {
                    return tolerations;
                }

                @Override
                public Map<String, String> nodeSelector() {
                    return nodeSelector;
                }
            };
        }
    }
}
