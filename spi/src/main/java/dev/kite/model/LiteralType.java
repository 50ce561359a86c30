package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A declared type of a task input or output. Its JSON type expression is either a simple type name
 * ({@code "integer"}, {@code "float"}, {@code "string"}, {@code "boolean"}, {@code "datetime"},
 * {@code "duration"}, {@code "binary"}, {@code "struct"}, {@code "none"}) or an object with exactly
 * one key: {@code {"collection": T}}, {@code {"map": T}}, {@code {"enum": ["a", ...]}},
 * {@code {"union": [T, T, ...]}}, {@code {"blob": {"format": "csv", "dimensionality": "single"}}} or
 * {@code {"dataset": {"format": "parquet", "columns": {"c": T}}}}. {@link #toJson()} gives the
 * canonical expression, and {@code parse(t.toJson())} equals {@code t}.
 */
public sealed interface LiteralType
    permits SimpleType, CollectionType, MapType, EnumType, UnionType, BlobType, DatasetType {

    SimpleType INTEGER = new SimpleType(SimpleType.Kind.INTEGER);
    SimpleType FLOAT = new SimpleType(SimpleType.Kind.FLOAT);
    SimpleType STRING = new SimpleType(SimpleType.Kind.STRING);
    SimpleType BOOLEAN = new SimpleType(SimpleType.Kind.BOOLEAN);
    SimpleType DATETIME = new SimpleType(SimpleType.Kind.DATETIME);
    SimpleType DURATION = new SimpleType(SimpleType.Kind.DURATION);
    SimpleType BINARY = new SimpleType(SimpleType.Kind.BINARY);
    SimpleType STRUCT = new SimpleType(SimpleType.Kind.STRUCT);
    SimpleType NONE = new SimpleType(SimpleType.Kind.NONE);

    /** The canonical JSON type expression. */
    JsonNode toJson();

    /**
     * Parses a type expression; on error records it under {@code path} (nested errors under paths such
     * as {@code path.collection} or {@code path.union[1]}) and returns null.
     */
    static LiteralType parse(JsonNode expr, String path, FieldErrors errors) {
        return TypeExpressions.parse(expr, path, errors);
    }
}
