package dev.kite.api.contract;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The grammar of types: a simple type's name, or an object with exactly one key that nests
 * further types (src/docs/task-model.md, Types). The one-key objects are one schema,
 * {@code CompoundType}, with one property per key and exactly one of them set, so that a value is
 * of exactly one of the two alternatives (a client generator can tell them apart).
 */
@Schema(name = "TypeExpression", description = "A type: the name of a simple type (\"integer\"), or an object with exactly one "
        + "key: {\"collection\": T}, {\"map\": T}, {\"enum\": [...]}, {\"union\": [T, ...]}, {\"blob\": {...}}, "
        + "{\"dataset\": {...}}; they nest: {\"map\": {\"collection\": {\"union\": [\"integer\", \"none\"]}}}",
        oneOf = {TypeExpression.SimpleType.class, TypeExpression.Compound.class})
public interface TypeExpression {

    /** The simple types, by their names in type expressions. */
    @Schema(name = "SimpleType", type = SchemaType.STRING, description = "A scalar type (struct: any object; none: null only)",
            enumeration = {"integer", "float", "string", "boolean", "datetime", "duration", "binary", "struct", "none"},
            example = "integer")
    final class SimpleType {
        private SimpleType() {
        }
    }

    /** A type built of others: exactly one of its keys. */
    @Schema(name = "CompoundType", description = "Exactly one key: collection (an array of T), map (an object of T by string "
            + "key), enum (one of the strings), union (a value of any of the types, read as the first that accepts it), "
            + "blob (a reference {uri, format} to a file or a directory of parts), dataset (a reference to tabular data)",
            minProperties = 1, maxProperties = 1)
    record Compound(
            @Schema(description = "An array whose elements are all of this type") TypeExpression collection,
            @Schema(description = "An object with string keys and values of this type") TypeExpression map,
            @Schema(name = "enum", minItems = 1, description = "One of these strings", example = "[\"EUR\", \"USD\"]")
            List<String> values,
            @Schema(minItems = 2, description = "A value of any of these types") List<TypeExpression> union,
            BlobFormat blob,
            DatasetFormat dataset) {
    }

    /** The arguments of a blob type. */
    @Schema(name = "BlobFormat", description = "Both optional: any format, a single file")
    record BlobFormat(@Schema(example = "csv") String format,
            @Schema(enumeration = {"single", "multipart"}, defaultValue = "single") String dimensionality) {
    }

    /** The arguments of a dataset type. */
    @Schema(name = "DatasetFormat", description = "Both optional; columns empty means undeclared")
    record DatasetFormat(@Schema(example = "parquet") String format,
            @Schema(description = "The declared columns, by name") Map<String, TypeExpression> columns) {
    }
}
