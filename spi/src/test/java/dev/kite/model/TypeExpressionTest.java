package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeExpressionTest {

    private static LiteralType parse(String expr) {
        FieldErrors errors = new FieldErrors();
        LiteralType t = LiteralType.parse(json(expr), "t", errors);
        assertTrue(errors.isEmpty(), () -> expr + ": " + errors);
        return t;
    }

    private static List<FieldError> errorsOf(String expr) {
        FieldErrors errors = new FieldErrors();
        assertNull(LiteralType.parse(json(expr), "t", errors), expr);
        assertTrue(!errors.isEmpty(), expr);
        return errors.list();
    }

    private static void rejectedAt(String expr, String path, String fragment) {
        List<FieldError> errors = errorsOf(expr);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(path, errors.get(0).path());
        assertTrue(errors.get(0).message().contains(fragment), () -> errors.get(0).message() + " lacks " + fragment);
    }

    @Test
    void simpleNamesMapToConstants() {
        assertEquals(LiteralType.INTEGER, parse("'integer'"));
        assertEquals(LiteralType.FLOAT, parse("'float'"));
        assertEquals(LiteralType.STRING, parse("'string'"));
        assertEquals(LiteralType.BOOLEAN, parse("'boolean'"));
        assertEquals(LiteralType.DATETIME, parse("'datetime'"));
        assertEquals(LiteralType.DURATION, parse("'duration'"));
        assertEquals(LiteralType.BINARY, parse("'binary'"));
        assertEquals(LiteralType.STRUCT, parse("'struct'"));
        assertEquals(LiteralType.NONE, parse("'none'"));
    }

    @Test
    void compositeFormsParseToRecords() {
        assertEquals(new CollectionType(LiteralType.STRING), parse("{'collection': 'string'}"));
        assertEquals(new MapType(new CollectionType(LiteralType.FLOAT)), parse("{'map': {'collection': 'float'}}"));
        assertEquals(new EnumType(List.of("b", "a")), parse("{'enum': ['b', 'a']}"));
        assertEquals(new UnionType(List.of(LiteralType.NONE, LiteralType.INTEGER)), parse("{'union': ['none', 'integer']}"));
        assertEquals(new BlobType("csv", "multipart"), parse("{'blob': {'format': 'csv', 'dimensionality': 'multipart'}}"));
        assertEquals(new BlobType("", "single"), parse("{'blob': {}}"));
        assertEquals(new DatasetType("parquet", Map.of("c", LiteralType.INTEGER)),
            parse("{'dataset': {'format': 'parquet', 'columns': {'c': 'integer'}}}"));
        assertEquals(new DatasetType("", Map.of()), parse("{'dataset': {}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'integer'", "'none'",
        "{'collection': {'map': {'union': ['string', {'enum': ['x', 'y']}]}}}",
        "{'blob': {'format': 'csv', 'dimensionality': 'single'}}",
        "{'blob': {}}",
        "{'dataset': {'format': 'parquet', 'columns': {'b': 'float', 'a': {'collection': 'string'}}}}",
    })
    void toJsonRoundTrips(String expr) {
        LiteralType t = parse(expr);
        FieldErrors errors = new FieldErrors();
        assertEquals(t, LiteralType.parse(t.toJson(), "t", errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void toJsonIsTheCanonicalExpression() {
        assertEquals("{\"blob\":{\"dimensionality\":\"single\",\"format\":\"\"}}", Canonical.json(parse("{'blob': {}}").toJson()));
        assertEquals("{\"collection\":\"integer\"}", Canonical.json(parse("{'collection': 'integer'}").toJson()));
        assertEquals("{\"enum\":[\"b\",\"a\"]}", Canonical.json(parse("{'enum': ['b', 'a']}").toJson()), "enum keeps declared order");
    }

    @Test
    void unknownNamesAreRejectedWithTheAcceptedForms() {
        rejectedAt("'int'", "t", "unknown type \"int\"; expected a type name (integer, float, string");
        rejectedAt("'Integer'", "t", "unknown type \"Integer\"");
        rejectedAt("{'list': 'string'}", "t", "unknown type \"list\"");
        rejectedAt("{'list': 'string'}", "t", "{\"collection\": T}");
    }

    @Test
    void malformedExpressionsAreRejected() {
        rejectedAt("5", "t", "invalid type expression (got a number)");
        rejectedAt("null", "t", "invalid type expression (got null)");
        rejectedAt("['string']", "t", "got an array");
        rejectedAt("{}", "t", "with 0 keys");
        rejectedAt("{'collection': 'string', 'map': 'string'}", "t", "with 2 keys");
    }

    @Test
    void nestedErrorsCarryTheirPath() {
        rejectedAt("{'collection': 'strin'}", "t.collection", "unknown type \"strin\"");
        rejectedAt("{'map': {'collection': 7}}", "t.map.collection", "invalid type expression");
        rejectedAt("{'union': ['string', 'nope']}", "t.union[1]", "unknown type \"nope\"");
        rejectedAt("{'dataset': {'columns': {'my col': 'bad'}}}", "t.dataset.columns[\"my col\"]", "unknown type \"bad\"");
    }

    @Test
    void enumNeedsDistinctStrings() {
        rejectedAt("{'enum': []}", "t.enum", "non-empty array of distinct strings");
        rejectedAt("{'enum': 'a'}", "t.enum", "non-empty array");
        rejectedAt("{'enum': ['a', 'a']}", "t.enum[1]", "duplicate enum value \"a\"");
        rejectedAt("{'enum': ['a', 1]}", "t.enum[1]", "expected a string, got a number");
        rejectedAt("{\"enum\": [\"caf\u00e9\", \"cafe\u0301\"]}", "t.enum[1]", "duplicate enum value");
    }

    @Test
    void unionNeedsTwoVariants() {
        rejectedAt("{'union': ['string']}", "t.union", "at least two type expressions, got 1 variant(s)");
        rejectedAt("{'union': []}", "t.union", "at least two");
        rejectedAt("{'union': 'string'}", "t.union", "got a string");
    }

    @Test
    void blobAndDatasetOptionsAreChecked() {
        rejectedAt("{'blob': {'dimensionality': 'many'}}", "t.blob.dimensionality", "expected single or multipart, got \"many\"");
        rejectedAt("{'blob': {'fmt': 'csv'}}", "t.blob.fmt", "unknown field; expected one of format, dimensionality");
        rejectedAt("{'blob': {'format': 1}}", "t.blob.format", "expected a string");
        rejectedAt("{'blob': 'csv'}", "t.blob", "expected an object");
        rejectedAt("{'dataset': {'columns': ['a']}}", "t.dataset.columns", "expected an object of column name to type");
        rejectedAt("{'dataset': {'schema': {}}}", "t.dataset.schema", "unknown field");
    }

    @Test
    void allProblemsInOneExpressionAreReported() {
        List<FieldError> errors = errorsOf("{'union': ['strin', {'collection': 'x'}, {'enum': []}]}");
        assertEquals(List.of("t.union[0]", "t.union[1].collection", "t.union[2].enum"),
            errors.stream().map(FieldError::path).toList());
    }

    @Test
    void recordsGuardTheirInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new EnumType(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new EnumType(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> new UnionType(List.of(LiteralType.STRING)));
        assertThrows(IllegalArgumentException.class, () -> new BlobType("csv", "double"));
        assertEquals(new BlobType("", "single"), new BlobType(null, null));
    }
}
