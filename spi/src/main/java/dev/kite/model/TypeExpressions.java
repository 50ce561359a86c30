package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parser behind {@link LiteralType#parse}. */
final class TypeExpressions {

    static final String ACCEPTED = "a type name (integer, float, string, boolean, datetime, duration, binary, struct, none)"
        + " or an object with one key: {\"collection\": T}, {\"map\": T}, {\"enum\": [\"a\", ...]},"
        + " {\"union\": [T, T, ...]}, {\"blob\": {\"format\": ..., \"dimensionality\": \"single|multipart\"}},"
        + " {\"dataset\": {\"format\": ..., \"columns\": {\"c\": T}}}";

    private static final List<String> BLOB_KEYS = List.of("format", "dimensionality");
    private static final List<String> DATASET_KEYS = List.of("format", "columns");

    private TypeExpressions() {
    }

    static LiteralType parse(JsonNode expr, String path, FieldErrors errors) {
        if (expr != null && expr.isTextual()) {
            for (SimpleType.Kind kind : SimpleType.Kind.values()) {
                if (kind.wireName().equals(expr.textValue())) {
                    return new SimpleType(kind);
                }
            }
            errors.add(path, "unknown type \"" + expr.textValue() + "\"; expected " + ACCEPTED);
            return null;
        }
        if (expr == null || !expr.isObject() || expr.size() != 1) {
            errors.add(path, "invalid type expression (got " + Json.describe(expr)
                + (expr != null && expr.isObject() ? " with " + expr.size() + " keys" : "") + "); expected " + ACCEPTED);
            return null;
        }
        String key = expr.properties().iterator().next().getKey();
        JsonNode arg = expr.get(key);
        String argPath = FieldErrors.child(path, key);
        switch (key) {
            case "collection": {
                LiteralType element = parse(arg, argPath, errors);
                return element == null ? null : new CollectionType(element);
            }
            case "map": {
                LiteralType value = parse(arg, argPath, errors);
                return value == null ? null : new MapType(value);
            }
            case "enum":
                return parseEnum(arg, argPath, errors);
            case "union":
                return parseUnion(arg, argPath, errors);
            case "blob":
                return parseBlob(arg, argPath, errors);
            case "dataset":
                return parseDataset(arg, argPath, errors);
            default:
                errors.add(path, "unknown type \"" + key + "\"; expected " + ACCEPTED);
                return null;
        }
    }

    private static LiteralType parseEnum(JsonNode arg, String path, FieldErrors errors) {
        if (arg == null || !arg.isArray() || arg.isEmpty()) {
            errors.add(path, "expected a non-empty array of distinct strings, got " + Json.describe(arg));
            return null;
        }
        int before = errors.size();
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < arg.size(); i++) {
            JsonNode v = arg.get(i);
            String itemPath = FieldErrors.index(path, i);
            if (!v.isTextual()) {
                errors.add(itemPath, "expected a string, got " + Json.describe(v));
                continue;
            }
            String value = Canonical.nfc(v.textValue());
            if (!seen.add(value)) {
                errors.add(itemPath, "duplicate enum value \"" + value + "\"");
                continue;
            }
            values.add(value);
        }
        return errors.size() == before ? new EnumType(values) : null;
    }

    private static LiteralType parseUnion(JsonNode arg, String path, FieldErrors errors) {
        if (arg == null || !arg.isArray() || arg.size() < 2) {
            errors.add(path, "expected an array of at least two type expressions, got "
                + (arg != null && arg.isArray() ? arg.size() + " variant(s)" : Json.describe(arg)));
            return null;
        }
        int before = errors.size();
        List<LiteralType> variants = new ArrayList<>();
        for (int i = 0; i < arg.size(); i++) {
            variants.add(parse(arg.get(i), FieldErrors.index(path, i), errors));
        }
        return errors.size() == before ? new UnionType(variants) : null;
    }

    private static LiteralType parseBlob(JsonNode arg, String path, FieldErrors errors) {
        if (arg == null || !arg.isObject()) {
            errors.add(path, "expected an object with optional format and dimensionality, got " + Json.describe(arg));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(arg, BLOB_KEYS, path, errors);
        String format = optionalText(arg, "format", path, errors);
        String dimensionality = optionalText(arg, "dimensionality", path, errors);
        if (dimensionality != null && !BlobType.SINGLE.equals(dimensionality) && !BlobType.MULTIPART.equals(dimensionality)) {
            errors.add(FieldErrors.child(path, "dimensionality"), "expected single or multipart, got \"" + dimensionality + "\"");
        }
        return errors.size() == before ? new BlobType(format, dimensionality) : null;
    }

    private static LiteralType parseDataset(JsonNode arg, String path, FieldErrors errors) {
        if (arg == null || !arg.isObject()) {
            errors.add(path, "expected an object with optional format and columns, got " + Json.describe(arg));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(arg, DATASET_KEYS, path, errors);
        String format = optionalText(arg, "format", path, errors);
        Map<String, LiteralType> columns = new LinkedHashMap<>();
        JsonNode cols = arg.get("columns");
        String colsPath = FieldErrors.child(path, "columns");
        if (!Json.absent(cols)) {
            if (!cols.isObject()) {
                errors.add(colsPath, "expected an object of column name to type, got " + Json.describe(cols));
            } else {
                for (Map.Entry<String, JsonNode> e : cols.properties()) {
                    String colPath = FieldErrors.child(colsPath, e.getKey());
                    if (e.getKey().isEmpty()) {
                        errors.add(colPath, "column name must not be empty");
                        continue;
                    }
                    LiteralType t = parse(e.getValue(), colPath, errors);
                    if (t != null) {
                        columns.put(e.getKey(), t);
                    }
                }
            }
        }
        return errors.size() == before ? new DatasetType(format, columns) : null;
    }

    private static String optionalText(JsonNode object, String field, String path, FieldErrors errors) {
        JsonNode node = object.get(field);
        if (Json.absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(FieldErrors.child(path, field), "expected a string, got " + Json.describe(node));
            return null;
        }
        return node.textValue();
    }
}
