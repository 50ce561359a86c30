package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Exponential retry backoff, {@code {"initial": "PT1S", "max": "PT1M", "factor": 2.0, "jitter": 0.1}}:
 * the n-th retry waits {@code min(max, initial * factor^n)}, randomized by {@code ±jitter}. Every
 * field is optional and null when not given; the engine fills the gaps from configuration with
 * {@link #orElse}.
 */
public record RetryBackoff(Duration initial, Duration max, Double factor, Double jitter) {

    private static final List<String> KEYS = List.of("initial", "max", "factor", "jitter");

    /** This backoff with each null field taken from {@code defaults}. */
    public RetryBackoff orElse(RetryBackoff defaults) {
        return new RetryBackoff(
            initial != null ? initial : defaults.initial(),
            max != null ? max : defaults.max(),
            factor != null ? factor : defaults.factor(),
            jitter != null ? jitter : defaults.jitter());
    }

    /** The given fields only, durations in canonical ISO-8601 and numbers as doubles. */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        if (initial != null) {
            node.put("initial", initial.toString());
        }
        if (max != null) {
            node.put("max", max.toString());
        }
        if (factor != null) {
            node.put("factor", factor.doubleValue());
        }
        if (jitter != null) {
            node.put("jitter", jitter.doubleValue());
        }
        return node;
    }

    /**
     * Parses {@code retryBackoff}: initial and max positive durations with max ≥ initial (when both
     * are given), factor ≥ 1.0, jitter in [0, 1]. Returns null after recording errors.
     */
    public static RetryBackoff parse(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add(path, "expected an object {\"initial\", \"max\", \"factor\", \"jitter\"}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        Duration initial = optionalDuration(node, "initial", path, errors);
        Duration max = optionalDuration(node, "max", path, errors);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            errors.add(FieldErrors.child(path, "max"), "must be at least initial (" + initial + "), got " + max);
        }
        Double factor = optionalNumber(node, "factor", path, errors);
        if (factor != null && factor < 1.0) {
            errors.add(FieldErrors.child(path, "factor"), "must be at least 1.0, got " + factor);
        }
        Double jitter = optionalNumber(node, "jitter", path, errors);
        if (jitter != null && (jitter < 0.0 || jitter > 1.0)) {
            errors.add(FieldErrors.child(path, "jitter"), "must be between 0 and 1, got " + jitter);
        }
        return errors.size() == before ? new RetryBackoff(initial, max, factor, jitter) : null;
    }

    private static Duration optionalDuration(JsonNode node, String field, String path, FieldErrors errors) {
        JsonNode v = node.get(field);
        return Json.absent(v) ? null : Durations.parsePositive(v, FieldErrors.child(path, field), errors);
    }

    private static Double optionalNumber(JsonNode node, String field, String path, FieldErrors errors) {
        JsonNode v = node.get(field);
        if (Json.absent(v)) {
            return null;
        }
        JsonNode d = Values.coerce(LiteralType.FLOAT, v, FieldErrors.child(path, field), errors);
        return d == null ? null : d.doubleValue();
    }
}
