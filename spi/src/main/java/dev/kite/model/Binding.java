package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a value of a {@link Graph} comes from. In JSON: {@code {"input": "x"}} is the parent's
 * input {@code x}; {@code {"node": "a", "output": "y"}} is output {@code y} of node {@code a};
 * {@code {"value": v}} is the literal {@code v}; an array is a collection of bindings and any other
 * object a struct of bindings (by key); a string, number, boolean or null is a literal.
 */
public sealed interface Binding {

    /** A literal value. */
    record Literal(JsonNode value) implements Binding {
    }

    /** An input of the parent execution. */
    record Input(String name) implements Binding {
    }

    /** An output of another node (of a map node: the collection of its elements' outputs). */
    record NodeOutput(String node, String output) implements Binding {
    }

    /** A collection whose elements are bindings. */
    record ListOf(List<Binding> elements) implements Binding {
        public ListOf {
            elements = List.copyOf(elements);
        }
    }

    /** A struct (or map) whose values are bindings. */
    record StructOf(Map<String, Binding> fields) implements Binding {
        public StructOf {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    static Binding literal(JsonNode value) {
        return new Literal(value);
    }

    static Binding input(String name) {
        return new Input(name);
    }

    static Binding output(String node, String output) {
        return new NodeOutput(node, output);
    }

    /** The nodes this binding reads, added to {@code into}. */
    default void nodes(Set<String> into) {
        if (this instanceof NodeOutput o) {
            into.add(o.node());
        } else if (this instanceof ListOf l) {
            l.elements().forEach(e -> e.nodes(into));
        } else if (this instanceof StructOf s) {
            s.fields().values().forEach(e -> e.nodes(into));
        }
    }

    /** The JSON form, which {@link #parse} reads back. */
    default JsonNode toJson() {
        if (this instanceof Literal l) {
            ObjectNode n = Json.object();
            n.set("value", l.value() == null ? Json.NODES.nullNode() : l.value().deepCopy());
            return n;
        } else if (this instanceof Input i) {
            return Json.object().put("input", i.name());
        } else if (this instanceof NodeOutput o) {
            return Json.object().put("node", o.node()).put("output", o.output());
        } else if (this instanceof ListOf l) {
            ArrayNode a = Json.NODES.arrayNode();
            l.elements().forEach(e -> a.add(e.toJson()));
            return a;
        }
        ObjectNode n = Json.object();
        ((StructOf) this).fields().forEach((k, v) -> n.set(k, v.toJson()));
        return n;
    }

    /** Parses a binding; never null (a malformed reference is recorded under {@code path} and read as a literal). */
    static Binding parse(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isContainerNode()) {
            return new Literal(node == null ? Json.NODES.nullNode() : node);
        }
        if (node.isArray()) {
            List<Binding> elements = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                elements.add(parse(node.get(i), FieldErrors.index(path, i), errors));
            }
            return new ListOf(elements);
        }
        if (node.has("value") && node.size() == 1) {
            return new Literal(node.get("value"));
        }
        if (node.has("input") && node.size() == 1) {
            return new Input(name(node.get("input"), FieldErrors.child(path, "input"), errors));
        }
        if (node.has("node") && (node.size() == 2 && node.has("output") || node.size() == 1)) {
            String from = name(node.get("node"), FieldErrors.child(path, "node"), errors);
            if (!node.has("output")) {
                errors.add(FieldErrors.child(path, "output"), "required: which output of node '" + from + "'");
            }
            return new NodeOutput(from, node.has("output") ? name(node.get("output"), FieldErrors.child(path, "output"), errors) : "");
        }
        Map<String, Binding> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            fields.put(e.getKey(), parse(e.getValue(), FieldErrors.child(path, e.getKey()), errors));
        }
        return new StructOf(fields);
    }

    private static String name(JsonNode n, String path, FieldErrors errors) {
        if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
            errors.add(path, "expected a non-empty string, got " + Json.describe(n));
            return "";
        }
        return n.textValue();
    }
}
