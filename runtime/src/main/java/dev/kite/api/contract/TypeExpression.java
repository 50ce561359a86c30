package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The grammar of types: a simple type's name, or an object with exactly one key that nests
 * further types (src/docs/task-model.md, Types).
 */
@Schema(name = "TypeExpression", description = "A type: the name of a simple type (\"integer\"), or an object with exactly one "
        + "key: {\"collection\": T}, {\"map\": T}, {\"enum\": [...]}, {\"union\": [T, ...]}, {\"blob\": {...}}, "
        + "{\"dataset\": {...}}; they nest: {\"map\": {\"collection\": {\"union\": [\"integer\", \"none\"]}}}",
        oneOf = {TypeExpression.SimpleType.class, TypeExpression.Collection.class, TypeExpression.MapOf.class, TypeExpression.Enumeration.class,
            TypeExpression.Union.class, TypeExpression.Blob.class, TypeExpression.Dataset.class})
public interface TypeExpression {

    /** The simple types, by their names in type expressions. */
    @Schema(name = "SimpleType", type = SchemaType.STRING, description = "A scalar type (struct: any object; none: null only)",
            enumeration = {"integer", "float", "string", "boolean", "datetime", "duration", "binary", "struct", "none"},
            example = "integer")
    final class SimpleType {
        private SimpleType() {
        }
    }

    /** {@code {"collection": T}}. */
    @Schema(name = "CollectionType", description = "An array whose elements are all of the type", additionalProperties = Schema.False.class)
    record Collection(@Schema(required = true) TypeExpression collection) {
    }

    /** {@code {"map": T}}. */
    @Schema(name = "MapType", description = "An object with string keys and values of the type", additionalProperties = Schema.False.class)
    record MapOf(@Schema(required = true) TypeExpression map) {
    }

    /** {@code {"enum": ["a", "b"]}}. */
    @Schema(name = "EnumType", description = "One of the listed strings", additionalProperties = Schema.False.class)
    record Enumeration(@Schema(name = "enum", required = true, minItems = 1, example = "[\"EUR\", \"USD\"]")
            java.util.List<String> values) {
    }

    /** {@code {"union": [T1, T2]}}. */
    @Schema(name = "UnionType", description = "A value of any of the types; read as the first, in the order written, that "
            + "accepts it", additionalProperties = Schema.False.class)
    record Union(@Schema(required = true, minItems = 2) java.util.List<TypeExpression> union) {
    }

    /** {@code {"blob": {"format": "csv", "dimensionality": "single"}}}. */
    @Schema(name = "BlobType", description = "A reference {uri, format} to a file (single) or a directory of parts (multipart)",
            additionalProperties = Schema.False.class)
    record Blob(@Schema(required = true) BlobFormat blob) {
    }

    /** The arguments of a blob type. */
    @Schema(name = "BlobFormat", description = "Both optional: any format, a single file", additionalProperties = Schema.False.class)
    record BlobFormat(@Schema(example = "csv") String format,
            @Schema(enumeration = {"single", "multipart"}, defaultValue = "single") String dimensionality) {
    }

    /** {@code {"dataset": {"format": "parquet", "columns": {"c": T}}}}. */
    @Schema(name = "DatasetType", description = "A reference {uri, format} to tabular data", additionalProperties = Schema.False.class)
    record Dataset(@Schema(required = true) DatasetFormat dataset) {
    }

    /** The arguments of a dataset type. */
    @Schema(name = "DatasetFormat", description = "Both optional; columns empty means undeclared", additionalProperties = Schema.False.class)
    record DatasetFormat(@Schema(example = "parquet") String format,
            @Schema(description = "The declared columns, by name") java.util.Map<String, TypeExpression> columns) {
    }
}
