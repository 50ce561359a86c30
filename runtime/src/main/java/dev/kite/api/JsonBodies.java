package dev.kite.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;

/** Parsing of request bodies: strict JSON, one object, fields checked with paths. */
final class JsonBodies {

    /** Strict: duplicate keys are an error, trailing tokens are an error. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBodies() {
    }

    /**
     * The body as a JSON object; anything else is a 400 problem. Every string and key of the whole
     * body is checked here, for every endpoint alike: one with U+0000 or an unpaired surrogate (no
     * UTF-8 form; PostgreSQL refuses the first and would store the second as '?') is a 400 naming
     * each such field.
     */
    static JsonNode parse(String body) {
        JsonNode json = object(body);
        FieldErrors errors = new FieldErrors();
        storable(json, "", errors);
        errors.throwIfAny();
        return json;
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("", "a JSON object body is required");
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(400, "Malformed JSON", "the body is not valid JSON" + where + ": " + reason(e),
                    List.of(new FieldError("", "malformed JSON" + where)));
        }
        if (!json.isObject()) {
            throw ProblemException.badRequest("", "expected a JSON object, got " + describe(json));
        }
        return json;
    }

    /** The parser's reason, in the API's words when it names the parser's own settings. */
    private static String reason(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("nesting depth")) {
                return "nested deeper than " + STRICT.getFactory().streamReadConstraints().getMaxNestingDepth() + " levels";
            }
            if (m.contains("Number value length")) {
                return "a number longer than " + STRICT.getFactory().streamReadConstraints().getMaxNumberLength() + " digits";
            }
            if (m.contains("String value length")) {
                return "a string longer than " + STRICT.getFactory().streamReadConstraints().getMaxStringLength() + " characters";
            }
            return "beyond the parser's limits";
        }
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("FAIL_ON_TRAILING_TOKENS")) {
            return "something follows the JSON value";
        }
        if (m.contains("ALLOW_COMMENTS")) {
            return "a comment, which JSON does not have";
        }
        // the parser's other messages may name its settings in parentheses: not the caller's concern
        int setting = m.indexOf(" (");
        return setting > 0 && (m.contains("Feature") || m.contains("com.fasterxml")) ? m.substring(0, setting) : m;
    }

    static String text(JsonNode json, String field, FieldErrors errors, boolean required) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(field, "required");
            }
            return null;
        }
        if (!n.isTextual()) {
            errors.add(field, "expected a string, got " + describe(n));
            return null;
        }
        if (required && n.asText().isEmpty()) {
            errors.add(field, "must not be empty");
            return null;
        }
        return n.asText();
    }

    static void rejectUnknown(JsonNode json, List<String> allowed, FieldErrors errors) {
        Set<String> ok = Set.copyOf(allowed);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (!ok.contains(e.getKey())) {
                errors.add(FieldErrors.child("", e.getKey()), "unknown field; expected one of " + String.join(", ", allowed));
            }
        }
    }

    /**
     * Records every string, key or number of {@code json} that PostgreSQL cannot store: U+0000 and
     * unpaired surrogates (refused by {@code jsonb} and {@code text}), and numbers beyond the double
     * range (they have no JSON form). Found by walking the whole tree, so free-form parts such as a
     * template's {@code config} are covered too.
     */
    static void storable(JsonNode json, String path, FieldErrors errors) {
        if (json.isTextual()) {
            String why = unstorable(json.textValue());
            if (why != null) {
                errors.add(path, why);
            }
        } else if (json.isFloatingPointNumber() && !Double.isFinite(json.doubleValue())) {
            errors.add(path, "number out of the 64-bit floating-point range");
        } else if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                storable(json.get(i), FieldErrors.index(path, i), errors);
            }
        } else if (json.isObject()) {
            for (Map.Entry<String, JsonNode> e : json.properties()) {
                String child = FieldErrors.child(path, e.getKey());
                String why = unstorable(e.getKey());
                if (why != null) {
                    errors.add(child, "key " + why);
                }
                storable(e.getValue(), child, errors);
            }
        }
    }

    private static String unstorable(String s) {
        if (s.indexOf('\u0000') >= 0) {
            return "must not contain U+0000";
        }
        return Characters.unpairedSurrogate(s);
    }

    /** "a number", "an array", "null": the same wording as the task model's messages. */
    private static String describe(JsonNode n) {
        String type = n.getNodeType().name().toLowerCase(Locale.ROOT);
        return switch (n.getNodeType()) {
            case NULL -> "null";
            case ARRAY, OBJECT -> "an " + type;
            default -> "a " + type;
        };
    }
}
