package dev.kite.testkit;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskTemplate;
import dev.kite.model.ValidationException;

/**
 * Task templates for tests: from JSON as a client registers them, or built up field by field. JSON
 * text may use single quotes ({@code {'type': 'echo'}}) to spare Java's escapes.
 *
 * <pre>{@code
 * TaskTemplate task = Tasks.of("greet").input("name", "string").output("text", "string")
 *         .config("{'prefix': 'Hello'}").build();
 * }</pre>
 */
public final class Tasks {

    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private final ObjectNode body;

    private Tasks(ObjectNode body) {
        this.body = body;
    }

    /** JSON text (single quotes allowed) as a tree. */
    public static JsonNode json(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /**
     * A task template from its JSON, checked as registration checks it.
     *
     * @throws ValidationException listing every problem, as a 400 would
     */
    public static TaskTemplate fromJson(String json) {
        return TaskTemplate.fromJson((ObjectNode) json(json));
    }

    /** A task of type {@code type}, named {@code demo/development/test-task/v1} until told otherwise. */
    public static Tasks of(String type) {
        ObjectNode body = LENIENT.createObjectNode();
        body.putObject("id").put("project", "demo").put("domain", "development").put("name", "test-task").put("version", "v1");
        body.put("type", type);
        return new Tasks(body);
    }

    public Tasks id(String project, String domain, String name, String version) {
        body.putObject("id").put("project", project).put("domain", domain).put("name", name).put("version", version);
        return this;
    }

    /** Declares an input; {@code type} is a type expression in JSON ({@code "string"}, {@code {'collection': 'integer'}}). */
    public Tasks input(String name, String type) {
        variables("inputs").putObject(name).set("type", typeNode(type));
        return this;
    }

    /** Declares an optional input with a default value (JSON). */
    public Tasks input(String name, String type, String defaultJson) {
        variables("inputs").putObject(name).set("type", typeNode(type));
        ((ObjectNode) variables("inputs").get(name)).set("default", json(defaultJson));
        return this;
    }

    /** Declares an output. */
    public Tasks output(String name, String type) {
        variables("outputs").putObject(name).set("type", typeNode(type));
        return this;
    }

    /** The task's {@code config} (JSON). */
    public Tasks config(String json) {
        body.set("config", json(json));
        return this;
    }

    /** The task's {@code container} (JSON). */
    public Tasks container(String json) {
        body.set("container", json(json));
        return this;
    }

    /** The task's {@code metadata} (JSON). */
    public Tasks metadata(String json) {
        body.set("metadata", json(json));
        return this;
    }

    /** The template, checked as registration checks it. */
    public TaskTemplate build() {
        return TaskTemplate.fromJson(body.deepCopy());
    }

    private ObjectNode variables(String kind) {
        ObjectNode iface = body.has("interface") ? (ObjectNode) body.get("interface") : body.putObject("interface");
        return iface.has(kind) ? (ObjectNode) iface.get(kind) : iface.putObject(kind);
    }

    private static JsonNode typeNode(String type) {
        String t = type.strip();
        return t.startsWith("{") || t.startsWith("\"") ? json(t) : LENIENT.getNodeFactory().textNode(t);
    }
}
