package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One declared input or output: {@code {"type": T, "description": "...", "default": value}}.
 * {@code defaultValue} is null when the variable is required, and otherwise holds the default in its
 * canonical form (JSON null is a legitimate default, for {@code none} or a union with it). A null
 * description is stored as {@code ""}.
 */
public record Variable(LiteralType type, String description, JsonNode defaultValue) {

    private static final List<String> KEYS = List.of("type", "description", "default");

    public Variable {
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    /** A required variable without description. */
    public static Variable of(LiteralType type) {
        return new Variable(type, "", null);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** {@code {"type": ..., "description": ..., "default": ...}}, omitting an empty description and an absent default. */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.set("type", type.toJson());
        if (!description.isEmpty()) {
            node.put("description", description);
        }
        if (defaultValue != null) {
            node.set("default", defaultValue.deepCopy());
        }
        return node;
    }

    /** Parses a variable declaration; a default is coerced against the type (errors at {@code path.default}). Null after errors. */
    public static Variable parse(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add(path, "expected an object {\"type\": ..., \"description\": ..., \"default\": ...}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, KEYS, path, errors);
        LiteralType type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isMissingNode()) {
            errors.add(FieldErrors.child(path, "type"), "required");
        } else {
            type = LiteralType.parse(typeNode, FieldErrors.child(path, "type"), errors);
        }
        String description = "";
        JsonNode desc = node.get("description");
        if (!Json.absent(desc)) {
            if (desc.isTextual()) {
                description = desc.textValue();
            } else {
                errors.add(FieldErrors.child(path, "description"), "expected a string, got " + Json.describe(desc));
            }
        }
        JsonNode defaultValue = null;
        // "default": null is a real default (JSON null), distinct from no default at all
        if (node.has("default") && type != null) {
            defaultValue = Values.coerce(type, node.get("default"), FieldErrors.child(path, "default"), errors);
        }
        return errors.size() == before ? new Variable(type, description, defaultValue) : null;
    }
}
