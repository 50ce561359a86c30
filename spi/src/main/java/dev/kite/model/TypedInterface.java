package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The typed inputs and outputs of a task, {@code {"inputs": {name: variable}, "outputs": {...}}}.
 * Both maps are unmodifiable and sorted by name; names match {@code [A-Za-z_][A-Za-z0-9_]*}.
 */
public record TypedInterface(Map<String, Variable> inputs, Map<String, Variable> outputs) {

    /** No inputs, no outputs: the interface of a task that declares none. */
    public static final TypedInterface EMPTY = new TypedInterface(Map.of(), Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> KEYS = List.of("inputs", "outputs");

    public TypedInterface {
        inputs = sorted(inputs);
        outputs = sorted(outputs);
    }

    private static Map<String, Variable> sorted(Map<String, Variable> vars) {
        return vars == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(vars));
    }

    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty();
    }

    /** {@code {"inputs": {...}, "outputs": {...}}}, both always present. */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode in = node.putObject("inputs");
        inputs.forEach((name, v) -> in.set(name, v.toJson()));
        ObjectNode out = node.putObject("outputs");
        outputs.forEach((name, v) -> out.set(name, v.toJson()));
        return node;
    }

    /**
     * Names and type expressions only, {@code {"inputs": {"x": "integer"}, "outputs": {...}}}: what
     * makes two interfaces interchangeable for the cache (descriptions and defaults are left out).
     */
    public JsonNode signature() {
        ObjectNode node = Json.object();
        ObjectNode in = node.putObject("inputs");
        inputs.forEach((name, v) -> in.set(name, v.type().toJson()));
        ObjectNode out = node.putObject("outputs");
        outputs.forEach((name, v) -> out.set(name, v.type().toJson()));
        return node;
    }

    /** Parses an interface; null or missing gives {@link #EMPTY}. Returns null after recording errors. */
    public static TypedInterface parse(JsonNode node, String path, FieldErrors errors) {
        if (Json.absent(node)) {
            return EMPTY;
        }
        if (!node.isObject()) {
            errors.add(path, "expected an object {\"inputs\": {...}, \"outputs\": {...}}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        Map<String, Variable> inputs = parseVariables(node.get("inputs"), FieldErrors.child(path, "inputs"), errors);
        Map<String, Variable> outputs = parseVariables(node.get("outputs"), FieldErrors.child(path, "outputs"), errors);
        return errors.size() == before ? new TypedInterface(inputs, outputs) : null;
    }

    private static Map<String, Variable> parseVariables(JsonNode node, String path, FieldErrors errors) {
        Map<String, Variable> vars = new TreeMap<>();
        if (Json.absent(node)) {
            return vars;
        }
        if (!node.isObject()) {
            errors.add(path, "expected an object of variable name to declaration, got " + Json.describe(node));
            return vars;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String varPath = FieldErrors.child(path, e.getKey());
            if (!NAME.matcher(e.getKey()).matches()) {
                errors.add(varPath, "invalid variable name; must match [A-Za-z_][A-Za-z0-9_]*");
                continue;
            }
            Variable v = Variable.parse(e.getValue(), varPath, errors);
            if (v != null) {
                vars.put(e.getKey(), v);
            }
        }
        return vars;
    }
}
