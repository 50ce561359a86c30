package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one coercion of plain JSON values against declared {@link LiteralType}s. Every accepted value
 * is turned into its canonical form, so that equal values serialize (through {@link Canonical}) and
 * hash the same:
 * <ul>
 * <li>{@code integer}: a JSON number with an integral value (so {@code 3.0} is {@code 3}) within
 *     signed 64 bits; strings are never converted. Canonical: a JSON long.</li>
 * <li>{@code float}: any JSON number. Canonical: a JSON double ({@code 1} becomes {@code 1.0};
 *     {@code -0.0} becomes {@code 0.0}); numbers beyond the double range are errors.</li>
 * <li>{@code string}: a JSON string. Canonical: NFC-normalized.</li>
 * <li>{@code boolean}: {@code true} or {@code false}.</li>
 * <li>{@code datetime}: an RFC 3339 string with seconds and a UTC offset ({@code Z} or
 *     {@code ±hh:mm}), fractional seconds up to nanoseconds. Canonical: the UTC instant as
 *     {@link java.time.Instant#toString()}, e.g. {@code 2024-01-02T01:04:05Z}. A local time without
 *     an offset is an error.</li>
 * <li>{@code duration}: an ISO-8601 duration as read by {@link Durations#parse}; negative allowed.
 *     Canonical: {@link Duration#toString()} ({@code P1DT2H} becomes {@code PT26H}).</li>
 * <li>{@code binary}: a standard-alphabet base64 string, padding optional. Canonical: standard
 *     base64 with padding.</li>
 * <li>{@code struct}: any JSON object, kept as given (its key order is canonicalized by
 *     {@link Canonical}); see {@link FreeJson} for what it may not be.</li>
 * <li>{@code none}: JSON {@code null} only.</li>
 * <li>{@code collection}: an array, each element coerced (errors at {@code path[i]}).</li>
 * <li>{@code map}: an object, each value coerced (errors at {@code path.key} or
 *     {@code path["odd key"]}); keys are NFC-normalized, and two keys equal after normalization are
 *     an error.</li>
 * <li>{@code enum}: a string equal (after NFC) to one of the declared values.</li>
 * <li>{@code union}: the canonical form under the first variant, in declared order, that accepts
 *     the value; if none does, one error listing the variants.</li>
 * <li>{@code blob}, {@code dataset}: an object {@code {"uri": "...", "format": "..."}} with a
 *     non-empty uri and an optional format; no other keys. Canonical: both keys, the format taken
 *     from the declared type when the value gives none; a format different from a non-empty
 *     declared format is an error. A dataset value may also say what it holds, where known:
 *     {@code "columns": {"c": T}} (type expressions) and {@code "rows"} (a count, 0 or more);
 *     both are kept when given. When the declared type names columns and the value reports
 *     columns, every declared column must be among them with the same type (extra columns are
 *     fine); a value that reports none is not checked.</li>
 * </ul>
 * Java null and missing nodes are treated as JSON null. Errors are collected, never thrown, and
 * every problem of a value is reported, not only the first.
 */
public final class Values {

    private static final Pattern RFC3339 = Pattern.compile(
        "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final List<String> REFERENCE_KEYS = List.of("uri", "format");
    private static final List<String> DATASET_KEYS = List.of("uri", "format", "columns", "rows");

    private Values() {
    }

    /** The canonical form of {@code value} under {@code type}, or null after recording errors under {@code path}. */
    public static JsonNode coerce(LiteralType type, JsonNode value, String path, FieldErrors errors) {
        JsonNode v = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        int before = errors.size();
        JsonNode result;
        if (type instanceof SimpleType simple) {
            result = coerceSimple(simple.kind(), v, path, errors);
        } else if (type instanceof CollectionType collection) {
            result = coerceCollection(collection, v, path, errors);
        } else if (type instanceof MapType map) {
            result = coerceMap(map, v, path, errors);
        } else if (type instanceof EnumType enumType) {
            result = coerceEnum(enumType, v, path, errors);
        } else if (type instanceof UnionType union) {
            result = coerceUnion(union, v, path, errors);
        } else if (type instanceof BlobType blob) {
            result = coerceReference(blob.format(), "blob", v, path, errors);
        } else if (type instanceof DatasetType dataset) {
            result = coerceDataset(dataset, v, path, errors);
        } else {
            throw new IllegalArgumentException("unknown type " + type);
        }
        return errors.size() == before ? result : null;
    }

    /**
     * Coerces an object of named values (task inputs or outputs) against declared variables: each
     * declared variable present is coerced, an absent one takes its default or is an error
     * ("required"), and an undeclared key is an error. {@code values} null or missing counts as
     * {@code {}}. Returns an object holding every declared variable, or null after recording errors.
     */
    public static ObjectNode coerceInputs(Map<String, Variable> vars, JsonNode values, String path, FieldErrors errors) {
        int before = errors.size();
        ObjectNode result = Json.object();
        JsonNode given = values == null || values.isMissingNode() ? Json.object() : values;
        if (!given.isObject()) {
            errors.add(path, "expected an object of named values, got " + Json.describe(given));
            return null;
        }
        TreeSet<String> declared = new TreeSet<>(vars.keySet());
        for (String name : declared) {
            Variable var = vars.get(name);
            JsonNode v = given.get(name);
            String varPath = FieldErrors.child(path, name);
            if (v != null && v.isContainerNode() && FreeJson.tooDeep(v)) {
                errors.add(varPath, "nested deeper than " + FreeJson.MAX_DEPTH + " levels");
            } else if (v != null) {
                JsonNode c = coerce(var.type(), v, varPath, errors);
                if (c != null) {
                    result.set(name, c);
                }
            } else if (var.defaultValue() != null) {
                result.set(name, var.defaultValue().deepCopy());
            } else {
                errors.add(varPath, "required");
            }
        }
        for (String key : Json.keys(given)) {
            if (!declared.contains(key)) {
                errors.add(FieldErrors.child(path, key), "not declared in the interface (declared: "
                    + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")");
            }
        }
        return errors.size() == before ? result : null;
    }

    private static JsonNode coerceSimple(SimpleType.Kind kind, JsonNode v, String path, FieldErrors errors) {
        switch (kind) {
            case INTEGER:
                return coerceInteger(v, path, errors);
            case FLOAT:
                return coerceFloat(v, path, errors);
            case STRING:
                if (!v.isTextual()) {
                    return mismatch("a string", v, path, errors);
                }
                return TextNode.valueOf(Canonical.nfc(v.textValue()));
            case BOOLEAN:
                if (!v.isBoolean()) {
                    return mismatch("a boolean (true or false)", v, path, errors);
                }
                return BooleanNode.valueOf(v.booleanValue());
            case DATETIME:
                return coerceDatetime(v, path, errors);
            case DURATION: {
                Duration d = Durations.parse(v, path, errors);
                return d == null ? null : TextNode.valueOf(d.toString());
            }
            case BINARY:
                return coerceBinary(v, path, errors);
            case STRUCT: {
                if (!v.isObject()) {
                    return mismatch("an object", v, path, errors);
                }
                int before = errors.size();
                FreeJson.check(v, path, errors);
                return errors.size() == before ? v.deepCopy() : null;
            }
            case NONE:
                if (!v.isNull()) {
                    return mismatch("null", v, path, errors);
                }
                return NullNode.getInstance();
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static JsonNode mismatch(String expected, JsonNode v, String path, FieldErrors errors) {
        errors.add(path, "expected " + expected + ", got " + Json.describe(v));
        return null;
    }

    private static JsonNode coerceInteger(JsonNode v, String path, FieldErrors errors) {
        if (!v.isNumber()) {
            String hint = v.isTextual() ? " (strings are not converted to numbers)" : "";
            errors.add(path, "expected an integer, got " + Json.describe(v) + hint);
            return null;
        }
        BigInteger integral;
        if (v.isIntegralNumber()) {
            integral = v.bigIntegerValue();
        } else {
            double d = v.doubleValue();
            if (v.isDouble() && (Double.isNaN(d) || Double.isInfinite(d))) {
                errors.add(path, "expected an integer, got " + d);
                return null;
            }
            BigDecimal decimal = v.decimalValue();
            if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
                errors.add(path, "expected an integer, got " + v.asText());
                return null;
            }
            integral = decimal.toBigInteger();
        }
        if (integral.compareTo(LONG_MIN) < 0 || integral.compareTo(LONG_MAX) > 0) {
            errors.add(path, "integer out of the signed 64-bit range: " + v.asText());
            return null;
        }
        return LongNode.valueOf(integral.longValue());
    }

    private static JsonNode coerceFloat(JsonNode v, String path, FieldErrors errors) {
        if (!v.isNumber()) {
            String hint = v.isTextual() ? " (strings are not converted to numbers)" : "";
            errors.add(path, "expected a number, got " + Json.describe(v) + hint);
            return null;
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            errors.add(path, "number out of the 64-bit floating-point range: " + v.asText());
            return null;
        }
        // -0.0 and 0.0 compare equal as numbers, so they must share one canonical form
        return DoubleNode.valueOf(d == 0.0 ? 0.0 : d);
    }

    private static JsonNode coerceDatetime(JsonNode v, String path, FieldErrors errors) {
        if (!v.isTextual()) {
            return mismatch("an RFC 3339 date-time string", v, path, errors);
        }
        String text = v.textValue();
        Matcher m = RFC3339.matcher(text);
        if (!m.matches()) {
            errors.add(path, "not an RFC 3339 date-time such as 2024-01-02T03:04:05Z: \"" + text + "\"");
            return null;
        }
        if (m.group(2) == null) {
            errors.add(path, "date-time has no UTC offset; add Z or ±hh:mm: \"" + text + "\"");
            return null;
        }
        try {
            OffsetDateTime odt = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return TextNode.valueOf(odt.toInstant().toString());
        } catch (DateTimeParseException e) {
            errors.add(path, "not a valid date-time: \"" + text + "\" (" + e.getMessage() + ")");
            return null;
        }
    }

    private static JsonNode coerceBinary(JsonNode v, String path, FieldErrors errors) {
        if (!v.isTextual()) {
            return mismatch("a base64 string", v, path, errors);
        }
        try {
            byte[] data = Base64.getDecoder().decode(v.textValue());
            return TextNode.valueOf(Base64.getEncoder().encodeToString(data));
        } catch (IllegalArgumentException e) {
            errors.add(path, "not valid standard base64: " + e.getMessage());
            return null;
        }
    }

    private static JsonNode coerceCollection(CollectionType type, JsonNode v, String path, FieldErrors errors) {
        if (!v.isArray()) {
            return mismatch("an array", v, path, errors);
        }
        ArrayNode result = Json.NODES.arrayNode(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode c = coerce(type.element(), v.get(i), FieldErrors.index(path, i), errors);
            result.add(c == null ? NullNode.getInstance() : c);
        }
        return result;
    }

    private static JsonNode coerceMap(MapType type, JsonNode v, String path, FieldErrors errors) {
        if (!v.isObject()) {
            return mismatch("an object", v, path, errors);
        }
        ObjectNode result = Json.object();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String keyPath = FieldErrors.child(path, e.getKey());
            String key = Canonical.nfc(e.getKey());
            if (result.has(key)) {
                errors.add(keyPath, "duplicate key after Unicode NFC normalization: \"" + key + "\"");
                continue;
            }
            JsonNode c = coerce(type.value(), e.getValue(), keyPath, errors);
            result.set(key, c == null ? NullNode.getInstance() : c);
        }
        return result;
    }

    private static JsonNode coerceEnum(EnumType type, JsonNode v, String path, FieldErrors errors) {
        if (!v.isTextual()) {
            return mismatch("one of the strings " + type.values(), v, path, errors);
        }
        String s = Canonical.nfc(v.textValue());
        if (!type.values().contains(s)) {
            errors.add(path, "\"" + s + "\" is not one of " + type.values());
            return null;
        }
        return TextNode.valueOf(s);
    }

    private static JsonNode coerceUnion(UnionType type, JsonNode v, String path, FieldErrors errors) {
        for (LiteralType variant : type.variants()) {
            FieldErrors scratch = new FieldErrors();
            JsonNode c = coerce(variant, v, path, scratch);
            if (scratch.isEmpty()) {
                return c;
            }
        }
        errors.add(path, "matches none of the union variants: " + type.variants().stream()
            .map(t -> Canonical.json(t.toJson())).collect(Collectors.joining(", ")));
        return null;
    }

    private static JsonNode coerceDataset(DatasetType type, JsonNode v, String path, FieldErrors errors) {
        int before = errors.size();
        ObjectNode result = (ObjectNode) coerceReference(type.format(), "dataset", v, path, errors);
        if (result == null) {
            return null;
        }
        JsonNode columns = v.get("columns");
        if (!Json.absent(columns)) {
            String columnsPath = FieldErrors.child(path, "columns");
            if (!columns.isObject()) {
                errors.add(columnsPath, "expected an object of column types by name, got " + Json.describe(columns));
            } else {
                ObjectNode reported = Json.object();
                int parsed = errors.size();
                for (Map.Entry<String, JsonNode> c : columns.properties()) {
                    LiteralType t = LiteralType.parse(c.getValue(), FieldErrors.child(columnsPath, c.getKey()), errors);
                    if (t != null) {
                        reported.set(Canonical.nfc(c.getKey()), t.toJson());
                    }
                }
                if (errors.size() == parsed) {
                    checkDeclaredColumns(type, reported, columnsPath, errors);
                }
                result.set("columns", reported);
            }
        }
        JsonNode rows = v.get("rows");
        if (!Json.absent(rows)) {
            JsonNode n = coerceInteger(rows, FieldErrors.child(path, "rows"), errors);
            if (n != null && n.longValue() < 0) {
                errors.add(FieldErrors.child(path, "rows"), "must not be negative, got " + n.longValue());
            } else if (n != null) {
                result.set("rows", n);
            }
        }
        return errors.size() == before ? result : null;
    }

    private static void checkDeclaredColumns(DatasetType type, ObjectNode reported, String path, FieldErrors errors) {
        for (Map.Entry<String, LiteralType> declared : type.columns().entrySet()) {
            JsonNode found = reported.get(declared.getKey());
            String expected = Canonical.json(declared.getValue().toJson());
            if (found == null) {
                errors.add(FieldErrors.child(path, declared.getKey()), "the declared column " + declared.getKey() + " ("
                    + expected + ") is not among the dataset's columns " + Json.keys(reported));
            } else if (!Canonical.json(found).equals(expected)) {
                errors.add(FieldErrors.child(path, declared.getKey()), "the column is " + Canonical.json(found)
                    + ", declared " + expected);
            }
        }
    }

    private static JsonNode coerceReference(String declaredFormat, String kind, JsonNode v, String path, FieldErrors errors) {
        if (!v.isObject()) {
            return mismatch("a " + kind + " reference {\"uri\": ..., \"format\": ...}", v, path, errors);
        }
        int before = errors.size();
        Json.rejectUnknownKeys(v, "dataset".equals(kind) ? DATASET_KEYS : REFERENCE_KEYS, path, errors);
        String uri = Json.requiredText(v, "uri", path, errors);
        JsonNode formatNode = v.get("format");
        String format = declaredFormat;
        if (!Json.absent(formatNode)) {
            if (!formatNode.isTextual()) {
                errors.add(FieldErrors.child(path, "format"), "expected a string, got " + Json.describe(formatNode));
            } else if (!formatNode.textValue().isEmpty()) {
                format = formatNode.textValue();
                if (!declaredFormat.isEmpty() && !declaredFormat.equals(format)) {
                    errors.add(FieldErrors.child(path, "format"),
                        "format \"" + format + "\" does not match the declared format \"" + declaredFormat + "\"");
                }
            }
        }
        if (errors.size() != before) {
            return null;
        }
        ObjectNode result = Json.object();
        result.put("uri", uri);
        result.put("format", format);
        return errors.size() == before ? result : null;
    }
}
