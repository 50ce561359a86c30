package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small JSON checks shared by the parsers of this package. */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Java null, a missing node and JSON null all mean "not given". */
    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** "a string", "a number", ... for messages such as "expected an integer, got a string". */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        switch (node.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NULL:
                return "null";
            default:
                return "a " + node.getNodeType().name().toLowerCase();
        }
    }

    /** Records an error for every key of {@code object} not in {@code allowed} (listed in the message in the given order). */
    static void rejectUnknownKeys(JsonNode object, List<String> allowed, String path, FieldErrors errors) {
        Set<String> allowedSet = Set.copyOf(allowed);
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            if (!allowedSet.contains(key)) {
                errors.add(FieldErrors.child(path, key), "unknown field; expected one of " + String.join(", ", allowed));
            }
        }
    }

    /** The object's keys in document order. */
    static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            keys.add(e.getKey());
        }
        return keys;
    }

    /**
     * A non-empty JSON string at {@code field} of {@code object}; records "required" when absent and
     * a type error otherwise. Returns null after an error.
     */
    static String requiredText(JsonNode object, String field, String path, FieldErrors errors) {
        JsonNode node = object.get(field);
        String fieldPath = FieldErrors.child(path, field);
        if (absent(node)) {
            errors.add(fieldPath, "required");
            return null;
        }
        if (!node.isTextual()) {
            errors.add(fieldPath, "expected a string, got " + describe(node));
            return null;
        }
        if (node.textValue().isEmpty()) {
            errors.add(fieldPath, "must not be empty");
            return null;
        }
        return node.textValue();
    }

    /** Compares strings by Unicode code point, which differs from {@link String#compareTo} above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
