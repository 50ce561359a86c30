package dev.kite.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/** Shared assertions of the value tests; JSON may be written with single quotes for readability. */
final class ValueAssertions {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private ValueAssertions() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }

    static LiteralType type(String expr) {
        FieldErrors errors = new FieldErrors();
        LiteralType t = LiteralType.parse(json(expr), "t", errors);
        assertTrue(errors.isEmpty(), () -> "type " + expr + ": " + errors);
        return t;
    }

    /** Coerces {@code value} (JSON text), asserting success; returns the canonical JSON text. */
    static String accepts(LiteralType type, String value) {
        FieldErrors errors = new FieldErrors();
        JsonNode result = Values.coerce(type, json(value), "v", errors);
        assertTrue(errors.isEmpty(), () -> value + " should be accepted but: " + errors);
        assertNotNull(result);
        return Canonical.json(result);
    }

    /** Coerces {@code value}, asserting failure; returns the errors. */
    static List<FieldError> rejects(LiteralType type, String value) {
        FieldErrors errors = new FieldErrors();
        JsonNode result = Values.coerce(type, json(value), "v", errors);
        assertNull(result, () -> value + " should be rejected, got " + result);
        assertFalse(errors.isEmpty());
        return errors.list();
    }

    /** Asserts a single error at {@code path} whose message contains {@code fragment}. */
    static void rejectsAt(LiteralType type, String value, String path, String fragment) {
        List<FieldError> errors = rejects(type, value);
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        assertEquals(path, errors.get(0).path());
        assertTrue(errors.get(0).message().contains(fragment), () -> errors.get(0).message() + " lacks " + fragment);
    }

    static String hash(LiteralType type, String value) {
        FieldErrors errors = new FieldErrors();
        JsonNode result = Values.coerce(type, json(value), "v", errors);
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        return Canonical.sha256(result);
    }

    static void assertSameValue(LiteralType type, String a, String b) {
        assertEquals(accepts(type, a), accepts(type, b));
        assertEquals(hash(type, a), hash(type, b));
    }

    static void assertDifferentValue(LiteralType type, String a, String b) {
        assertNotEquals(accepts(type, a), accepts(type, b));
        assertNotEquals(hash(type, a), hash(type, b));
    }
}
