package dev.kite.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;

/** Config binding problems name the template field in JSON's words, all of them with validate's own. */
class PluginJsonTest {

    enum Algorithm { MD5, SHA256 }

    record Config(String mode, int size, Algorithm algorithm, List<String> tags, Duration delay) {
        Config {
            if (mode != null && mode.isBlank()) {
                throw new IllegalArgumentException("mode must not be blank");
            }
        }
    }

    record Handle(String id, Instant submittedAt) {
    }

    @TaskTypes("digest")
    static class Digest implements SyncPlugin<Config> {
        @Override
        public void validate(TaskTemplate task, Config c, FieldErrors errors) {
            if (c.size() < 0) {
                errors.add("config.size", "must not be negative");
            }
            if (c.mode() == null) {
                errors.add("config.mode", "required");
            }
            if (c.tags() == null) {
                errors.add("config.tags", "required");
            }
            if (c.delay() == null) {
                errors.warn("config.delay", "none given: no delay");
            }
        }

        @Override
        public Uni<TaskResult> run(TaskContext<Config> ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    private static TaskTemplate task(String config) throws Exception {
        ObjectNode body = (ObjectNode) new JsonMapper().readTree("""
                {"id": {"project": "demo", "domain": "development", "name": "digest", "version": "v1"},
                 "type": "digest", "config": %s}""".formatted(config));
        return TaskTemplate.fromJson(body);
    }

    private static List<String> bind(String config) throws Exception {
        FieldErrors errors = new FieldErrors();
        Config c = PluginJson.bindConfig(new Digest(), Config.class, task(config), errors);
        if (errors.isEmpty()) {
            assertNotNull(c);
        } else {
            assertNull(c);
        }
        return errors.list().stream().map(Object::toString).toList();
    }

    @Test
    void aGoodConfigBinds() throws Exception {
        FieldErrors errors = new FieldErrors();
        Config c = PluginJson.bindConfig(new Digest(), Config.class,
                task("{\"mode\": \"fast\", \"size\": 3, \"algorithm\": \"MD5\", \"tags\": [\"a\"], \"delay\": \"PT2S\"}"), errors);
        assertEquals(new Config("fast", 3, Algorithm.MD5, List.of("a"), Duration.ofSeconds(2)), c);
        assertEquals(List.of(), errors.list());
    }

    @Test
    void everyBindingProblemIsNamedWithValidatesOwn() throws Exception {
        assertEquals(Set.of(
                "config.colour: unknown field; known fields: algorithm, delay, mode, size, tags",
                "config.algorithm: 'SHA1' is not one of MD5, SHA256",
                "config.tags: expected an array",
                "config.size: must not be negative"),
                Set.copyOf(bind("{\"mode\": \"m\", \"colour\": \"red\", \"algorithm\": \"SHA1\", \"tags\": {\"a\": 1}, \"size\": -1}")));
    }

    @Test
    void typeMismatchesSayWhatJsonWasExpected() throws Exception {
        assertEquals(List.of("config.size: 'many' is not an integer", "config.delay: 'soon' is not an ISO-8601 duration such as \"PT30S\"",
                "config.mode: required", "config.tags: required"),
                (bind("{\"size\": \"many\", \"delay\": \"soon\"}")));
        assertEquals(List.of("config.size: required: an integer", "config.mode: required", "config.tags: required"),
                (bind("{\"size\": null}")));
        assertEquals(List.of("config.size: required: an integer", "config: mode must not be blank"), bind("{\"mode\": \" \"}"));
    }

    @Test
    void validatesWarningsReachTheCallerAndAreNoErrors() throws Exception {
        FieldErrors errors = new FieldErrors();
        Config c = PluginJson.bindConfig(new Digest(), Config.class,
                task("{\"mode\": \"fast\", \"size\": 3, \"algorithm\": \"MD5\", \"tags\": []}"), errors);
        assertNotNull(c, "a warning leaves the config valid");
        assertEquals(List.of(), errors.list());
        assertEquals(List.of("config.delay: none given: no delay"), errors.warnings());
    }

    @Test
    void aConstructorsRefusalIsTheMessage() throws Exception {
        assertEquals(List.of("config: mode must not be blank"), bind("{\"mode\": \" \", \"size\": 1}"));
    }

    @Test
    void handlesRoundTripAsTheEnginePersistsThem() {
        Handle h = new Handle("job-1", Instant.parse("2025-03-01T12:00:00Z"));
        JsonNode json = PluginJson.writeHandle(h);
        assertEquals("{\"id\":\"job-1\",\"submittedAt\":\"2025-03-01T12:00:00Z\"}", json.toString());
        assertEquals(h, PluginJson.readHandle(json, Handle.class));
    }
}
