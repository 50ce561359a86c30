package dev.kite.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    /** The body as a JSON object; anything else is a 400 problem. */
    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("", "a JSON object body is required");
        }
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(400, "Malformed JSON", "the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    List.of(new dev.kite.model.FieldError("", "malformed JSON" + where)));
        }
        if (!json.isObject()) {
            throw ProblemException.badRequest("", "expected a JSON object, got " + json.getNodeType().name().toLowerCase());
        }
        return json;
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
            errors.add(field, "expected a string, got " + n.getNodeType().name().toLowerCase());
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
}
