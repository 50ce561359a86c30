package dev.kite.plugin.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import dev.kite.model.FieldErrors;

/**
 * An expression over a Kubernetes object (as JSON, {@code status} and all): a JSON pointer
 * ({@code /status/succeeded}) or a JSONPath ({@code $.status.conditions[?(@.type=='Complete')].status}).
 * As a condition it holds when a value it selects is truthy ({@code true}, a non-zero number, a
 * string other than "", "false", "False" and "0") or, with {@code equals}, equal to one of the given values.
 */
final class StatusExpression {

    private static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String text;
    private final com.fasterxml.jackson.core.JsonPointer pointer;
    private final JsonPath path;
    private final List<JsonNode> equals;

    private StatusExpression(String text, com.fasterxml.jackson.core.JsonPointer pointer, JsonPath path, List<JsonNode> equals) {
        this.text = text;
        this.pointer = pointer;
        this.path = path;
        this.equals = equals;
    }

    /**
     * A condition: {@code "<expression>"} or {@code {"path": "<expression>", "equals": value or [values]}};
     * null when absent or after recording a problem at {@code at}.
     */
    static StatusExpression condition(JsonNode n, String at, FieldErrors errors) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return expression(n.textValue(), at, List.of(), errors);
        }
        if (!n.isObject() || !n.path("path").isTextual()) {
            errors.add(at, "expected an expression (\"/status/succeeded\", \"$.status.phase\") or {\"path\": ..., \"equals\": ...}");
            return null;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getKey().equals("path") && !e.getKey().equals("equals")) {
                errors.add(FieldErrors.child(at, e.getKey()), "unknown field '" + e.getKey() + "'; known fields: path, equals");
            }
        }
        List<JsonNode> values = new ArrayList<>();
        JsonNode eq = n.get("equals");
        if (eq != null && eq.isArray()) {
            eq.forEach(values::add);
        } else if (eq != null) {
            values.add(eq);
        }
        return expression(n.get("path").textValue(), FieldErrors.child(at, "path"), values, errors);
    }

    /** An expression; null after recording a problem. */
    static StatusExpression expression(String text, String at, List<JsonNode> equals, FieldErrors errors) {
        String t = text.strip();
        if (t.startsWith("/")) {
            try {
                return new StatusExpression(t, com.fasterxml.jackson.core.JsonPointer.compile(t), null, equals);
            } catch (IllegalArgumentException e) {
                errors.add(at, "'" + t + "' is not a JSON pointer: " + e.getMessage());
                return null;
            }
        }
        if (t.startsWith("$")) {
            try {
                return new StatusExpression(t, null, JsonPath.compile(t), equals);
            } catch (InvalidPathException e) {
                errors.add(at, "'" + t + "' is not a JSONPath: " + e.getMessage());
                return null;
            }
        }
        errors.add(at, "'" + t + "' is neither a JSON pointer (starting with /) nor a JSONPath (starting with $)");
        return null;
    }

    /** The values the expression selects in {@code object}. */
    List<JsonNode> select(JsonNode object) {
        List<JsonNode> out = new ArrayList<>();
        if (pointer != null) {
            JsonNode v = object.at(pointer);
            if (!v.isMissingNode()) {
                out.add(v);
            }
            return out;
        }
        Object r = JsonPath.using(JSONPATH).parse(object).read(path);
        if (r instanceof ArrayNode a) {
            a.forEach(out::add);
        } else if (r instanceof JsonNode n) {
            out.add(n);
        }
        return out;
    }

    /** The one value selected, or null when none (or several). */
    JsonNode value(JsonNode object) {
        List<JsonNode> all = select(object);
        return all.size() == 1 ? all.get(0) : all.isEmpty() ? null : JsonNodeFactory.instance.arrayNode().addAll(all);
    }

    /** Whether the condition holds for {@code object}. */
    boolean holds(JsonNode object) {
        for (JsonNode v : select(object)) {
            if (equals.isEmpty() ? truthy(v) : equals.stream().anyMatch(e -> same(e, v))) {
                return true;
            }
        }
        return false;
    }

    private static boolean truthy(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            String s = v.textValue();
            return !s.isEmpty() && !s.equalsIgnoreCase("false") && !s.equals("0");
        }
        return !v.isNull() && !(v.isContainerNode() && v.isEmpty());
    }

    private static boolean same(JsonNode expected, JsonNode v) {
        if (expected.isNumber() && v.isNumber()) {
            return expected.decimalValue().compareTo(v.decimalValue()) == 0;
        }
        if (expected.isValueNode() && v.isValueNode()) {
            return expected.asText().equals(v.asText());
        }
        return expected.equals(v);
    }

    @Override
    public String toString() {
        return equals.isEmpty() ? text : text + " == " + (equals.size() == 1 ? equals.get(0) : equals);
    }
}
