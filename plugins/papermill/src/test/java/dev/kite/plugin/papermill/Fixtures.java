package dev.kite.plugin.papermill;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.data.DataStore;

/** Notebooks, tasks, contexts and a plugin for the tests; JSON may use single quotes. */
final class Fixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    /** A cell: code, with tags (none when null). */
    record Cell(String type, String tag, String source) {
    }

    static Cell code(String source) {
        return new Cell("code", null, source);
    }

    static Cell tagged(String tag, String source) {
        return new Cell("code", tag, source);
    }

    static Cell markdown(String source) {
        return new Cell("markdown", null, source);
    }

    /** An nbformat 4.5 notebook of a kernel and language with these cells. */
    static ObjectNode notebook(String kernel, String language, Cell... cells) {
        ObjectNode nb = MAPPER.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        ObjectNode spec = nb.putObject("metadata").putObject("kernelspec");
        spec.put("name", kernel).put("language", language).put("display_name", kernel);
        ArrayNode list = nb.putArray("cells");
        int i = 0;
        for (Cell c : cells) {
            ObjectNode cell = list.addObject();
            cell.put("id", "cell-" + i++).put("cell_type", c.type());
            ObjectNode meta = cell.putObject("metadata");
            if (c.tag() != null) {
                meta.putArray("tags").add(c.tag());
            }
            if (c.type().equals("code")) {
                cell.putNull("execution_count");
                cell.putArray("outputs");
            }
            cell.put("source", c.source());
        }
        return nb;
    }

    static ObjectNode python(Cell... cells) {
        return notebook("python3", "python", cells);
    }

    /** A notebook task with these interface inputs and outputs ({name: type}, or null) and config. */
    static TaskTemplate task(String inputs, String outputs, JsonNode config) {
        ObjectNode body = (ObjectNode) json("{'id': {'project': 'demo', 'domain': 'development', 'name': 'report',"
                + " 'version': 'v1'}, 'type': 'notebook'}");
        ObjectNode iface = body.putObject("interface");
        if (inputs != null) {
            iface.set("inputs", variables(inputs));
        }
        if (outputs != null) {
            iface.set("outputs", variables(outputs));
        }
        body.set("config", config);
        return TaskTemplate.fromJson(body);
    }

    /** {name: type} as {name: {"type": type}}. */
    private static ObjectNode variables(String types) {
        ObjectNode out = MAPPER.createObjectNode();
        json(types).properties().forEach(e -> out.putObject(e.getKey()).set("type", e.getValue()));
        return out;
    }

    static ObjectNode inline(ObjectNode notebook) {
        ObjectNode c = MAPPER.createObjectNode();
        c.set("notebook", notebook);
        return c;
    }

    static NotebookConfig config(JsonNode config) {
        try {
            return MAPPER.treeToValue(config, NotebookConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static FieldErrors validate(TaskTemplate task) {
        FieldErrors errors = new FieldErrors();
        new NotebookPlugin().validate(task, config(task.config()), errors);
        return errors;
    }

    /** A plugin with the default settings and its working folders under {@code work}. */
    static NotebookPlugin plugin(Path work) {
        NotebookPlugin p = new NotebookPlugin();
        p.settings = settings(work, NotebookSettings.Mode.LOCAL);
        return p;
    }

    /** The default settings in this mode, with the working folders under {@code work}. */
    static NotebookSettings settings(Path work, NotebookSettings.Mode mode) {
        return new NotebookSettings() {
            @Override
            public String python() {
                return "/usr/bin/python3";
            }

            @Override
            public Optional<String> workDir() {
                return Optional.of(work.toString());
            }

            @Override
            public Mode mode() {
                return mode;
            }

            @Override
            public String executor() {
                return "auto";
            }

            @Override
            public Pod pod() {
                return new Pod() {
                    @Override
                    public String python() {
                        return "python3";
                    }

                    @Override
                    public Optional<String> template() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> defaultServiceAccount() {
                        return Optional.of("notebooks");
                    }

                    @Override
                    public java.time.Duration imagePullGrace() {
                        return java.time.Duration.ofMinutes(3);
                    }

                    @Override
                    public java.time.Duration pendingTimeout() {
                        return java.time.Duration.ofMinutes(10);
                    }
                };
            }
        };
    }

    /** One attempt of a task. */
    record Context(TaskTemplate task, ObjectNode inputs, DataStore data, URI rawOutputPrefix, String generatedName)
            implements TaskContext<NotebookConfig> {

        static Context of(TaskTemplate task, String inputs, FileStore store) {
            String name = "nb-" + UUID.randomUUID().toString().substring(0, 8);
            return new Context(task, (ObjectNode) json(inputs), store, store.uri("raw/" + name + "/"), name);
        }

        @Override
        public UUID executionId() {
            return UUID.fromString("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        }

        @Override
        public NotebookConfig config() {
            return Fixtures.config(task.config());
        }

        @Override
        public int attempt() {
            return 0;
        }

        @Override
        public String executionKey() {
            return generatedName;
        }

        @Override
        public Instant startTime() {
            return Instant.parse("2025-03-01T12:00:00Z");
        }

        @Override
        public long seed() {
            return 7;
        }

        @Override
        public boolean interruptible() {
            return false;
        }

        @Override
        public Instant deadline() {
            return Instant.now().plus(Duration.ofMinutes(5));
        }

        @Override
        public Optional<String> secret(String name) {
            return Optional.empty();
        }
    }

    /** Polls until the run ends (a real kernel: allow two minutes on a busy machine). */
    static TaskStatus runToEnd(NotebookPlugin plugin, Context ctx) throws InterruptedException {
        NotebookHandle h = plugin.submit(ctx).await().atMost(Duration.ofMinutes(1));
        return pollToEnd(plugin, ctx, h);
    }

    static TaskStatus pollToEnd(NotebookPlugin plugin, Context ctx, NotebookHandle h) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            TaskStatus s = plugin.poll(ctx, h).await().atMost(Duration.ofSeconds(30));
            if (s.phase().isTerminal()) {
                return s;
            }
            Thread.sleep(200);
        }
        fail("the notebook did not end within two minutes");
        return null;
    }

    static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), () -> "expected to find \"" + part + "\" in:\n" + text);
    }
}
