package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Execution settings of a task. {@code retries} is the user retry budget (0..10); {@code timeout}
 * bounds one attempt and {@code deadline} the whole execution; {@code timeout}, {@code deadline},
 * {@code retryBackoff} and {@code cache} are null when not given (no cache policy = no
 * memoization). Tags are sorted and unmodifiable. {@code uncheckedInputs} names the blob and dataset
 * inputs whose URIs are not checked at submission (Kite cannot read them, but the task can: a
 * bucket only the task's cluster reaches, a file written later); sorted, empty by default.
 * {@code dynamic} marks a task whose successful attempt answers a {@link Graph} (its outputs are
 * then the graph's {@code outputs} once its nodes ran; see {@code dynamic-tasks.md}).
 */
public record TaskMetadata(int retries, Duration timeout, Duration deadline, RetryBackoff retryBackoff,
                           CachePolicy cache, boolean interruptible, Map<String, String> tags,
                           List<String> uncheckedInputs, boolean dynamic) {

    public static final int MAX_RETRIES = 10;

    /** The metadata of a template that gives none. */
    public static final TaskMetadata DEFAULT = new TaskMetadata(0, null, null, null, null, false, Map.of());

    private static final List<String> KEYS =
        List.of("retries", "timeout", "deadline", "retryBackoff", "cache", "interruptible", "tags", "uncheckedInputs", "dynamic");

    public TaskMetadata {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be between 0 and " + MAX_RETRIES + ": " + retries);
        }
        tags = tags == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        uncheckedInputs = uncheckedInputs == null ? List.of() : List.copyOf(new java.util.TreeSet<>(uncheckedInputs));
    }

    /** Metadata whose blob and dataset inputs are all checked. */
    public TaskMetadata(int retries, Duration timeout, Duration deadline, RetryBackoff retryBackoff, CachePolicy cache,
                        boolean interruptible, Map<String, String> tags) {
        this(retries, timeout, deadline, retryBackoff, cache, interruptible, tags, List.of());
    }

    /** Metadata of a task that is not dynamic. */
    public TaskMetadata(int retries, Duration timeout, Duration deadline, RetryBackoff retryBackoff, CachePolicy cache,
                        boolean interruptible, Map<String, String> tags, List<String> uncheckedInputs) {
        this(retries, timeout, deadline, retryBackoff, cache, interruptible, tags, uncheckedInputs, false);
    }

    /** This metadata with a graph node's overrides: retries and timeout when given, no cache when {@code noCache}. */
    public TaskMetadata overridden(Integer retries, Duration timeout, boolean noCache) {
        return new TaskMetadata(retries == null ? this.retries : retries, timeout == null ? this.timeout : timeout, deadline,
            retryBackoff, noCache ? null : cache, interruptible, tags, uncheckedInputs, dynamic);
    }

    /** Always retries and interruptible; the other fields when set (tags when non-empty). */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.put("retries", retries);
        if (timeout != null) {
            node.put("timeout", timeout.toString());
        }
        if (deadline != null) {
            node.put("deadline", deadline.toString());
        }
        if (retryBackoff != null) {
            node.set("retryBackoff", retryBackoff.toJson());
        }
        if (cache != null) {
            node.set("cache", cache.toJson());
        }
        node.put("interruptible", interruptible);
        if (!tags.isEmpty()) {
            ObjectNode t = node.putObject("tags");
            tags.forEach(t::put);
        }
        if (!uncheckedInputs.isEmpty()) {
            uncheckedInputs.forEach(node.putArray("uncheckedInputs")::add);
        }
        if (dynamic) {
            node.put("dynamic", true);
        }
        return node;
    }

    /**
     * Parses {@code metadata}; null or missing gives {@link #DEFAULT}. {@code declaredInputs} are the
     * names {@code cache.ignoreInputs} may refer to. Returns null after recording errors.
     */
    public static TaskMetadata parse(JsonNode node, String path, FieldErrors errors, Set<String> declaredInputs) {
        if (Json.absent(node)) {
            return DEFAULT;
        }
        if (!node.isObject()) {
            errors.add(path, "expected an object, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        int retries = 0;
        JsonNode r = node.get("retries");
        if (!Json.absent(r)) {
            String retriesPath = FieldErrors.child(path, "retries");
            JsonNode n = Values.coerce(LiteralType.INTEGER, r, retriesPath, errors);
            if (n != null && (n.longValue() < 0 || n.longValue() > MAX_RETRIES)) {
                errors.add(retriesPath, "must be between 0 and " + MAX_RETRIES + ", got " + n.longValue());
            } else if (n != null) {
                retries = n.intValue();
            }
        }
        Duration timeout = optionalPositive(node, "timeout", path, errors);
        Duration deadline = optionalPositive(node, "deadline", path, errors);
        RetryBackoff backoff = null;
        JsonNode b = node.get("retryBackoff");
        if (!Json.absent(b)) {
            backoff = RetryBackoff.parse(b, FieldErrors.child(path, "retryBackoff"), errors);
        }
        CachePolicy cache = null;
        JsonNode c = node.get("cache");
        if (!Json.absent(c)) {
            cache = CachePolicy.parse(c, FieldErrors.child(path, "cache"), errors, declaredInputs);
        }
        boolean interruptible = flag(node, "interruptible", path, errors);
        boolean dynamic = flag(node, "dynamic", path, errors);
        Map<String, String> tags = parseTags(node.get("tags"), FieldErrors.child(path, "tags"), errors);
        List<String> unchecked = CachePolicy.parseIgnoreInputs(node.get("uncheckedInputs"),
            FieldErrors.child(path, "uncheckedInputs"), errors, declaredInputs);
        return errors.size() == before
            ? new TaskMetadata(retries, timeout, deadline, backoff, cache, interruptible, tags, unchecked, dynamic)
            : null;
    }

    private static boolean flag(JsonNode node, String field, String path, FieldErrors errors) {
        JsonNode v = node.get(field);
        if (Json.absent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            errors.add(FieldErrors.child(path, field), "expected a boolean, got " + Json.describe(v));
            return false;
        }
        return v.booleanValue();
    }

    private static Duration optionalPositive(JsonNode node, String field, String path, FieldErrors errors) {
        JsonNode v = node.get(field);
        return Json.absent(v) ? null : Durations.parsePositive(v, FieldErrors.child(path, field), errors);
    }

    private static Map<String, String> parseTags(JsonNode node, String path, FieldErrors errors) {
        Map<String, String> tags = new TreeMap<>();
        if (Json.absent(node)) {
            return tags;
        }
        if (!node.isObject()) {
            errors.add(path, "expected an object of string values, got " + Json.describe(node));
            return tags;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String tagPath = FieldErrors.child(path, e.getKey());
            if (e.getKey().isEmpty()) {
                errors.add(tagPath, "tag name must not be empty");
            } else if (!e.getValue().isTextual()) {
                errors.add(tagPath, "expected a string, got " + Json.describe(e.getValue()));
            } else {
                tags.put(e.getKey(), e.getValue().textValue());
            }
        }
        return tags;
    }
}
