package dev.kite.plugin.container;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
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

    /** A context for one attempt; change what a test needs with the withers. */
    record Context(TaskTemplate task, ObjectNode inputs, int attempt, boolean interruptible, Instant deadline)
            implements TaskContext<NoConfig> {

        static final UUID EXECUTION = UUID.fromString("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        static final Instant START = Instant.parse("2025-03-01T11:59:30Z");

        static Context of(TaskTemplate task, String inputs) {
            return new Context(task, (ObjectNode) json(inputs), 0, false, NOW.plus(Duration.ofMinutes(5)));
        }

        Context attempt(int n) {
            return new Context(task, inputs, n, interruptible, deadline);
        }

        Context interruptible(boolean on) {
            return new Context(task, inputs, attempt, on, deadline);
        }

        Context deadline(Instant at) {
            return new Context(task, inputs, attempt, interruptible, at);
        }

        @Override
        public java.net.URI rawOutputPrefix() {
            return java.net.URI.create("file:///tmp/kite-test/raw/" + EXECUTION + "/" + attempt + "/");
        }

        @Override
        public dev.kite.spi.data.DataStore data() {
            throw new UnsupportedOperationException("container pods get no data store in these tests");
        }

        @Override
        public UUID executionId() {
            return EXECUTION;
        }

        @Override
        public NoConfig config() {
            return new NoConfig();
        }

        @Override
        public String generatedName() {
            return "kite-greet-0195a1b2-a" + attempt;
        }

        @Override
        public String executionKey() {
            return "kite-greet-0195a1b2";
        }

        @Override
        public Instant startTime() {
            return START;
        }

        @Override
        public long seed() {
            return 42L;
        }

        @Override
        public Optional<String> secret(String name) {
            return Optional.empty();
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
