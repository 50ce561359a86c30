package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Memoization settings, {@code {"version": "1", "serialize": false, "ignoreInputs": [], "ttl": "P30D"}}.
 * Caching is on iff a task has a cache policy. {@code ignoreInputs} is kept sorted and distinct
 * (its order carries no meaning); {@code ttl} is null when entries do not expire.
 */
public record CachePolicy(String version, boolean serialize, List<String> ignoreInputs, Duration ttl) {

    private static final List<String> KEYS = List.of("version", "serialize", "ignoreInputs", "ttl");

    public CachePolicy {
        Objects.requireNonNull(version, "version");
        ignoreInputs = ignoreInputs == null ? List.of() : List.copyOf(new TreeSet<>(ignoreInputs));
    }

    /** Always version, serialize and ignoreInputs; ttl when set. */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.put("version", version);
        node.put("serialize", serialize);
        ArrayNode ignored = node.putArray("ignoreInputs");
        ignoreInputs.forEach(ignored::add);
        if (ttl != null) {
            node.put("ttl", ttl.toString());
        }
        return node;
    }

    /**
     * Parses {@code cache}: version a required non-empty string, serialize a boolean (default
     * false), ignoreInputs distinct names among {@code declaredInputs}, ttl a positive duration.
     * Returns null after recording errors.
     */
    public static CachePolicy parse(JsonNode node, String path, FieldErrors errors, Set<String> declaredInputs) {
        if (node == null || !node.isObject()) {
            errors.add(path, "expected an object {\"version\", \"serialize\", \"ignoreInputs\", \"ttl\"}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        String version = Json.requiredText(node, "version", path, errors);
        boolean serialize = false;
        JsonNode s = node.get("serialize");
        if (!Json.absent(s)) {
            if (s.isBoolean()) {
                serialize = s.booleanValue();
            } else {
                errors.add(FieldErrors.child(path, "serialize"), "expected a boolean, got " + Json.describe(s));
            }
        }
        List<String> ignore = parseIgnoreInputs(node.get("ignoreInputs"), FieldErrors.child(path, "ignoreInputs"), errors, declaredInputs);
        Duration ttl = null;
        JsonNode t = node.get("ttl");
        if (!Json.absent(t)) {
            ttl = Durations.parsePositive(t, FieldErrors.child(path, "ttl"), errors);
        }
        return errors.size() == before ? new CachePolicy(version, serialize, ignore, ttl) : null;
    }

    /** Distinct names among {@code declared}, kept sorted; errors at {@code path[i]}. */
    static List<String> parseIgnoreInputs(JsonNode node, String path, FieldErrors errors, Set<String> declared) {
        TreeSet<String> names = new TreeSet<>();
        if (Json.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(path, "expected an array of input names, got " + Json.describe(node));
            return List.of();
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            String itemPath = FieldErrors.index(path, i);
            if (!n.isTextual()) {
                errors.add(itemPath, "expected an input name, got " + Json.describe(n));
            } else if (!declared.contains(n.textValue())) {
                errors.add(itemPath, "\"" + n.textValue() + "\" is not a declared input (declared: "
                    + (declared.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declared))) + ")");
            } else if (!names.add(n.textValue())) {
                errors.add(itemPath, "duplicate input name \"" + n.textValue() + "\"");
            }
        }
        return List.copyOf(names);
    }
}
