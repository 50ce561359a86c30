package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a {@link Graph}: a task (project and domain default to the parent's, a missing
 * version is the newest at compile time), its input bindings, optional overrides of the task's
 * {@code retries} and {@code timeout} and {@code cache: false}, and for a map node the collection
 * it runs the task over.
 */
public record GraphNode(Ref task, Map<String, Binding> inputs, Integer retries, Duration timeout, boolean noCache,
                        MapSpec map) {

    private static final List<String> KEYS = List.of("task", "inputs", "retries", "timeout", "cache", "map");

    public GraphNode {
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** A task reference; null parts are the parent's project and domain, and the newest version. */
    public record Ref(String project, String domain, String name, String version) {

        /** The reference of a registered task, its version pinned. */
        public static Ref of(TaskId id) {
            return new Ref(id.project(), id.domain(), id.name(), id.version());
        }

        JsonNode toJson() {
            ObjectNode n = Json.object();
            if (project != null) {
                n.put("project", project);
            }
            if (domain != null) {
                n.put("domain", domain);
            }
            n.put("name", name);
            if (version != null) {
                n.put("version", version);
            }
            return n;
        }

        static Ref parse(JsonNode node, String path, FieldErrors errors) {
            if (node != null && node.isTextual()) {
                return new Ref(null, null, node.textValue(), null);
            }
            if (node == null || !node.isObject()) {
                errors.add(path, "expected a task reference {\"name\": ..., \"version\": ...}, got " + Json.describe(node));
                return null;
            }
            Json.rejectUnknownKeys(node, List.of("project", "domain", "name", "version"), path, errors);
            String name = text(node, "name", path, errors);
            if (name == null) {
                errors.add(FieldErrors.child(path, "name"), "required");
                return null;
            }
            return new Ref(text(node, "project", path, errors), text(node, "domain", path, errors), name,
                text(node, "version", path, errors));
        }
    }

    /**
     * A map node's element source: the task runs once per element of {@code over}, which is bound
     * to input {@code as}. {@code minSuccesses} is a count (≥ 1) or a ratio (0 &lt; r ≤ 1) of the
     * elements; {@code concurrency} bounds the elements running at once (0 = no bound of its own).
     */
    public record MapSpec(Binding over, String as, double minSuccesses, int concurrency) {

        /** How many of {@code elements} must succeed. */
        public int required(int elements) {
            if (minSuccesses >= 1) {
                return (int) Math.min(elements, Math.round(minSuccesses));
            }
            return (int) Math.ceil(minSuccesses * elements - 1e-9);
        }

        JsonNode toJson() {
            ObjectNode n = Json.object();
            n.set("over", over.toJson());
            n.put("as", as);
            if (minSuccesses == Math.rint(minSuccesses)) {
                n.put("minSuccesses", (long) minSuccesses);
            } else {
                n.put("minSuccesses", minSuccesses);
            }
            if (concurrency > 0) {
                n.put("concurrency", concurrency);
            }
            return n;
        }

        static MapSpec parse(JsonNode node, String path, FieldErrors errors) {
            if (node == null || !node.isObject()) {
                errors.add(path, "expected {\"over\": binding, \"as\": input, \"minSuccesses\": ..., \"concurrency\": ...}, got "
                    + Json.describe(node));
                return null;
            }
            Json.rejectUnknownKeys(node, List.of("over", "as", "minSuccesses", "concurrency"), path, errors);
            if (!node.has("over")) {
                errors.add(FieldErrors.child(path, "over"), "required");
            }
            Binding over = Binding.parse(node.get("over"), FieldErrors.child(path, "over"), errors);
            String as = text(node, "as", path, errors);
            if (as == null) {
                errors.add(FieldErrors.child(path, "as"), "required: the input each element is bound to");
            }
            double min = 1.0;
            JsonNode m = node.get("minSuccesses");
            if (!Json.absent(m)) {
                if (!m.isNumber() || m.doubleValue() <= 0 || (m.doubleValue() > 1 && m.doubleValue() != Math.rint(m.doubleValue()))) {
                    errors.add(FieldErrors.child(path, "minSuccesses"), "expected a count (integer ≥ 1) or a ratio (0 < r ≤ 1), got "
                        + Json.describe(m));
                } else {
                    min = m.doubleValue();
                }
            }
            int concurrency = 0;
            JsonNode c = node.get("concurrency");
            if (!Json.absent(c)) {
                if (!c.isIntegralNumber() || c.longValue() < 1 || c.longValue() > 100_000) {
                    errors.add(FieldErrors.child(path, "concurrency"), "expected an integer from 1 to 100000, got " + Json.describe(c));
                } else {
                    concurrency = c.intValue();
                }
            }
            return new MapSpec(over, as == null ? "" : as, min, concurrency);
        }
    }

    /** The ids of the nodes whose outputs this node reads (in its inputs and, for a map, its collection). */
    public java.util.Set<String> reads() {
        java.util.Set<String> from = new java.util.LinkedHashSet<>();
        inputs.values().forEach(b -> b.nodes(from));
        if (map != null) {
            map.over().nodes(from);
        }
        return from;
    }

    public JsonNode toJson() {
        ObjectNode n = Json.object();
        n.set("task", task.toJson());
        ObjectNode in = n.putObject("inputs");
        inputs.forEach((k, v) -> in.set(k, v.toJson()));
        if (retries != null) {
            n.put("retries", retries);
        }
        if (timeout != null) {
            n.put("timeout", timeout.toString());
        }
        if (noCache) {
            n.put("cache", false);
        }
        if (map != null) {
            n.set("map", map.toJson());
        }
        return n;
    }

    /** Parses a node; null after recording errors. */
    public static GraphNode parse(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add(path, "expected a node {\"task\": ..., \"inputs\": {...}}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        Ref task = Ref.parse(node.get("task"), FieldErrors.child(path, "task"), errors);
        Map<String, Binding> inputs = new LinkedHashMap<>();
        JsonNode in = node.get("inputs");
        if (!Json.absent(in) && !in.isObject()) {
            errors.add(FieldErrors.child(path, "inputs"), "expected an object of input name to binding, got " + Json.describe(in));
        } else if (in != null) {
            for (Map.Entry<String, JsonNode> e : in.properties()) {
                String p = FieldErrors.child(FieldErrors.child(path, "inputs"), e.getKey());
                inputs.put(e.getKey(), Binding.parse(e.getValue(), p, errors));
            }
        }
        Integer retries = null;
        JsonNode r = node.get("retries");
        if (!Json.absent(r)) {
            if (!r.isIntegralNumber() || r.longValue() < 0 || r.longValue() > TaskMetadata.MAX_RETRIES) {
                errors.add(FieldErrors.child(path, "retries"), "must be an integer between 0 and " + TaskMetadata.MAX_RETRIES);
            } else {
                retries = r.intValue();
            }
        }
        JsonNode t = node.get("timeout");
        Duration timeout = Json.absent(t) ? null : Durations.parsePositive(t, FieldErrors.child(path, "timeout"), errors);
        JsonNode c = node.get("cache");
        if (!Json.absent(c) && !(c.isBoolean() && !c.booleanValue())) {
            errors.add(FieldErrors.child(path, "cache"), "only false (no memoization of this node) may be given, got " + Json.describe(c));
        }
        MapSpec map = Json.absent(node.get("map")) ? null : MapSpec.parse(node.get("map"), FieldErrors.child(path, "map"), errors);
        return errors.size() == before ? new GraphNode(task, inputs, retries, timeout, !Json.absent(c), map) : null;
    }

    private static String text(JsonNode node, String field, String path, FieldErrors errors) {
        JsonNode v = node.get(field);
        if (Json.absent(v)) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            errors.add(FieldErrors.child(path, field), "expected a non-empty string, got " + Json.describe(v));
            return null;
        }
        return v.textValue();
    }
}
