package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejects;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static dev.kite.model.ValueAssertions.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlobAndDatasetValuesTest {

    private static final LiteralType CSV = type("{'blob': {'format': 'csv'}}");
    private static final LiteralType ANY_BLOB = type("{'blob': {}}");
    private static final LiteralType PARQUET = type("{'dataset': {'format': 'parquet', 'columns': {'id': 'integer'}}}");

    @Test
    void formatIsFilledFromTheDeclaredType() {
        assertEquals("{\"format\":\"csv\",\"uri\":\"s3://b/k.csv\"}", accepts(CSV, "{'uri': 's3://b/k.csv'}"));
        assertSameValue(CSV, "{'uri': 's3://b/k.csv'}", "{'uri': 's3://b/k.csv', 'format': 'csv'}");
        assertSameValue(CSV, "{'uri': 's3://b/k.csv'}", "{'uri': 's3://b/k.csv', 'format': ''}");
        assertEquals("{\"format\":\"\",\"uri\":\"file:///x\"}", accepts(ANY_BLOB, "{'uri': 'file:///x'}"));
        assertEquals("{\"format\":\"json\",\"uri\":\"file:///x\"}", accepts(ANY_BLOB, "{'uri': 'file:///x', 'format': 'json'}"));
        assertDifferentValue(CSV, "{'uri': 's3://b/a'}", "{'uri': 's3://b/b'}");
    }

    @Test
    void formatMismatchIsAnError() {
        rejectsAt(CSV, "{'uri': 's3://b/k', 'format': 'parquet'}", "v.format",
            "format \"parquet\" does not match the declared format \"csv\"");
        rejectsAt(PARQUET, "{'uri': 's3://b/t', 'format': 'csv'}", "v.format", "declared format \"parquet\"");
    }

    @Test
    void uriIsRequiredAndNonEmpty() {
        rejectsAt(CSV, "{}", "v.uri", "required");
        rejectsAt(CSV, "{'uri': ''}", "v.uri", "must not be empty");
        rejectsAt(CSV, "{'uri': 5}", "v.uri", "expected a string, got a number");
        rejectsAt(CSV, "'s3://b/k'", "v", "expected a blob reference");
        rejectsAt(PARQUET, "'s3://b/k'", "v", "expected a dataset reference");
    }

    @Test
    void unknownKeysAndAllProblemsAreReported() {
        List<FieldError> errors = rejects(CSV, "{'url': 's3://x', 'format': 1}");
        assertEquals(List.of("v.url", "v.uri", "v.format"), errors.stream().map(FieldError::path).toList());
        assertEquals("unknown field; expected one of uri, format", errors.get(0).message());
    }

    @Test
    void datasetValuesAreReferencesToo() {
        assertEquals("{\"format\":\"parquet\",\"uri\":\"s3://b/t/\"}", accepts(PARQUET, "{'uri': 's3://b/t/'}"));
    }

    @Test
    void aDatasetRecordsItsColumnsAndRowCount() {
        assertEquals("{\"columns\":{\"id\":\"integer\",\"name\":\"string\"},\"format\":\"parquet\",\"rows\":3,\"uri\":\"s3://b/t/\"}",
            accepts(PARQUET, "{'uri': 's3://b/t/', 'columns': {'name': 'string', 'id': 'integer'}, 'rows': 3.0}"));
        rejectsAt(PARQUET, "{'uri': 's3://b/t/', 'rows': -1}", "v.rows", "must not be negative");
        rejectsAt(PARQUET, "{'uri': 's3://b/t/', 'columns': {'id': 'int'}}", "v.columns.id", "unknown type \"int\"");
        rejectsAt(CSV, "{'uri': 's3://b/k', 'rows': 1}", "v.rows", "unknown field; expected one of uri, format");
    }

    @Test
    void declaredColumnsMustBeAmongTheReportedOnes() {
        rejectsAt(PARQUET, "{'uri': 's3://b/t/', 'columns': {'name': 'string'}}", "v.columns.id",
            "the declared column id (\"integer\") is not among the dataset's columns [name]");
        rejectsAt(PARQUET, "{'uri': 's3://b/t/', 'columns': {'id': 'string'}}", "v.columns.id",
            "the column is \"string\", declared \"integer\"");
        accepts(PARQUET, "{'uri': 's3://b/t/', 'columns': {'id': 'integer', 'extra': 'float'}}");
        accepts(PARQUET, "{'uri': 's3://b/t/'}");
    }
}
