package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskResult;

/**
 * {@code output: dataset} writes the whole result under the attempt's raw output location and
 * returns {@code {"uri", "format", "columns", "rows"}}; a second task queries it directly.
 */
class DatasetOutputTest {

    static Warehouses warehouses;
    static SqlPlugin plugin;

    @BeforeAll
    static void start() {
        warehouses = Fixtures.warehouses();
        plugin = new SqlPlugin(warehouses);
    }

    @AfterAll
    static void stop() {
        warehouses.close();
    }

    private static final String EXPORT_IFACE = """
            {"inputs": {"n": {"type": "integer"}},
             "outputs": {"data": {"type": {"dataset": {"format": "parquet", "columns": {"id": "integer", "label": "string"}}}}}}
            """;

    private static final String COUNT_IFACE = """
            {"inputs": {"data": {"type": {"dataset": {"format": "parquet"}}}, "min": {"type": "integer"}},
             "outputs": {"rows": {"type": "integer"}, "ids": {"type": "integer"}}}
            """;

    private static TaskResult run(TaskTemplate task, String inputs) {
        return plugin.run(Fixtures.ctx(task, SqlTaskConfig.class, Fixtures.readExact(inputs), Duration.ofMinutes(5)))
                .await().atMost(Duration.ofMinutes(5));
    }

    @Test
    void aMillionRowsToParquetAndBackOnDuckdb() {
        TaskTemplate export = Fixtures.task("sql", EXPORT_IFACE, """
                {"output": "dataset",
                 "sql": "select range as id, 'row ' || range as label, range % 7 = 0 as lucky from range({{.inputs.n}})"}
                """);
        TaskResult r = run(export, "{\"n\": 1000000}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        JsonNode data = r.outputs().get("data");
        assertEquals("{\"id\":\"integer\",\"label\":\"string\",\"lucky\":\"boolean\"}", Canonical.json(data.get("columns")));
        assertEquals(1_000_000, data.get("rows").longValue());
        assertEquals("parquet", data.get("format").textValue());
        URI uri = URI.create(data.get("uri").textValue());
        assertTrue(Files.exists(Path.of(uri)), uri.toString());
        assertTrue(uri.toString().endsWith("/raw/data.parquet"), uri.toString());

        TaskTemplate count = Fixtures.task("sql", COUNT_IFACE, """
                {"sql": "select count(*) as rows, count(distinct id) as ids from read_parquet({{.inputs.data}}) where id >= {{.inputs.min}}"}
                """);
        ObjectNode in = Fixtures.JSON.createObjectNode().put("min", 0);
        in.set("data", data);
        TaskResult back = run(count, in.toString());
        assertTrue(back.isSuccess(), () -> back.error().toString());
        assertEquals(1_000_000, back.outputs().get("rows").longValue());
        assertEquals(1_000_000, back.outputs().get("ids").longValue());
    }

    @Test
    void postgresResultsBecomeTypedParquetToo() {
        TaskTemplate export = Fixtures.task("sql", EXPORT_IFACE, """
                {"warehouse": "pg", "output": "dataset",
                 "sql": "select g as id, 'row ' || g as label, now() as at from generate_series(1, {{.inputs.n}}) g"}
                """);
        TaskResult r = run(export, "{\"n\": 2500}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        JsonNode data = r.outputs().get("data");
        assertEquals("{\"at\":\"datetime\",\"id\":\"integer\",\"label\":\"string\"}", Canonical.json(data.get("columns")));
        assertEquals(2500, data.get("rows").longValue());

        TaskTemplate types = Fixtures.task("sql", """
                {"inputs": {"data": {"type": {"dataset": {}}}}, "outputs": {"t": {"type": "string"}, "rows": {"type": "integer"}}}
                """, """
                {"sql": "select string_agg(column_type, ',' order by column_name) as t, (select count(*) from read_parquet({{.inputs.data}})) as rows from (describe select * from read_parquet({{.inputs.data}}))"}
                """);
        ObjectNode in = Fixtures.JSON.createObjectNode();
        in.set("data", data);
        TaskResult back = run(types, in.toString());
        assertTrue(back.isSuccess(), () -> back.error().toString());
        assertEquals("TIMESTAMP WITH TIME ZONE,BIGINT,VARCHAR", back.outputs().get("t").textValue());
        assertEquals(2500, back.outputs().get("rows").longValue());
    }

    @Test
    void jsonLinesOnRequest() throws Exception {
        TaskTemplate export = Fixtures.task("sql", """
                {"outputs": {"data": {"type": {"dataset": {}}}}}
                """, """
                {"warehouse": "maria", "output": "dataset", "format": "jsonl",
                 "sql": "select 1 as id, 'a\\"b' as label union all select 2, null"}
                """);
        TaskResult r = run(export, "{}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        JsonNode data = r.outputs().get("data");
        assertEquals("jsonl", data.get("format").textValue());
        assertEquals(2, data.get("rows").longValue());
        assertEquals("{\"id\":1,\"label\":\"a\\\"b\"}\n{\"id\":2,\"label\":null}\n",
                Files.readString(Path.of(URI.create(data.get("uri").textValue()))));
    }

    @Test
    void declaredColumnsAreChecked() {
        TaskTemplate export = Fixtures.task("sql", EXPORT_IFACE, """
                {"output": "dataset", "sql": "select 'x' as id from range({{.inputs.n}})"}
                """);
        TaskResult r = run(export, "{\"n\": 3}");
        assertEquals("OUTPUT_MISMATCH", r.error().code());
        assertEquals("output 'data': column 'id' is \"string\" (VARCHAR), declared \"integer\"; declared column 'label' is not in"
                + " the result (columns: id)", r.error().message());
    }
}
