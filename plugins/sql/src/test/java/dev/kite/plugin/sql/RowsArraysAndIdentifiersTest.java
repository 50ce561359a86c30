package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskResult;

/** output rows with its cap, collections bound as arrays, durations, and identifiers only through {{.ident.x}}. */
class RowsArraysAndIdentifiersTest {

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

    private static TaskTemplate task(String iface, String warehouse, String sql, String extra) {
        ObjectNode c = Fixtures.JSON.createObjectNode().put("warehouse", warehouse).put("sql", sql);
        if (extra != null) {
            c.setAll((ObjectNode) Fixtures.read(extra));
        }
        return Fixtures.task("sql", iface, c.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "pg", "maria"})
    void rowsAreStructsUpToTheCap(String warehouse) {
        String iface = "{'inputs': {'n': {'type': 'integer'}}, 'outputs': {'items': {'type': {'collection': 'struct'}}}}";
        String sql = switch (warehouse) {
            case "pg" -> "select g as id, 'item ' || g as name from generate_series(1, {{.inputs.n}}) g order by g";
            case "maria" -> "select seq as id, concat('item ', seq) as name from seq_1_to_1000 where seq <= {{.inputs.n}} order by seq";
            default -> "select range + 1 as id, 'item ' || (range + 1) as name from range({{.inputs.n}}) order by 1";
        };
        TaskResult r = Fixtures.runSql(plugin, task(iface, warehouse, sql, "{'output': 'rows', 'maxRows': 5}"), "{\"n\": 2}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        assertEquals("{\"items\":[{\"id\":1,\"name\":\"item 1\"},{\"id\":2,\"name\":\"item 2\"}]}", Canonical.json(r.outputs()));

        TaskResult over = Fixtures.runSql(plugin, task(iface, warehouse, sql, "{'output': 'rows', 'maxRows': 5}"), "{\"n\": 6}");
        assertEquals("TOO_MANY_ROWS", over.error().code());
        assertEquals("the query returned more than 5 rows (config.maxRows, at most kite.sql.max-rows) for output 'items':"
                + " add a LIMIT, or use output dataset for large results", over.error().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "pg"})
    void collectionsAreBoundAsArrays(String warehouse) {
        String iface = "{'inputs': {'ids': {'type': {'collection': 'integer'}}, 'tags': {'type': {'collection': 'string'}}},"
                + " 'outputs': {'ids': {'type': {'collection': 'integer'}}}}";
        String sql = warehouse.equals("pg")
                ? "select array(select x from unnest({{.inputs.ids}}::bigint[]) x where x > 1 order by x) as ids where 'b' = any({{.inputs.tags}})"
                : "select list_filter({{.inputs.ids}}, lambda x: x > 1) as ids where list_contains({{.inputs.tags}}, 'b')";
        TaskResult r = Fixtures.runSql(plugin, task(iface, warehouse, sql, null), "{\"ids\": [3, 1, 2], \"tags\": [\"a\", \"b\", \"it's\"]}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        assertEquals(warehouse.equals("pg") ? "[2,3]" : "[3,2]", Canonical.json(r.outputs().get("ids")));
    }

    @Test
    void mariadbGetsCollectionsAsJson() {
        String iface = "{'inputs': {'ids': {'type': {'collection': 'integer'}}}, 'outputs': {'n': {'type': 'integer'}}}";
        TaskResult r = Fixtures.runSql(plugin, task(iface, "maria", "select json_length({{.inputs.ids}}) as n", null), "{\"ids\": [3, 1, 2]}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        assertEquals(3, r.outputs().get("n").intValue());
    }

    @Test
    void durationsAndDatetimesAreTyped() {
        String iface = "{'inputs': {'d': {'type': 'duration'}, 't': {'type': 'datetime'}},"
                + " 'outputs': {'later': {'type': 'datetime'}, 'd': {'type': 'duration'}}}";
        TaskResult pg = Fixtures.runSql(plugin, task(iface, "pg", "select {{.inputs.t}}::timestamptz + {{.inputs.d}}::interval as later,"
                + " {{.inputs.d}}::interval as d", null), "{\"d\": \"PT1H30M\", \"t\": \"2024-01-01T23:00:00Z\"}");
        assertTrue(pg.isSuccess(), () -> pg.error().toString());
        assertEquals("{\"d\":\"PT1H30M\",\"later\":\"2024-01-02T00:30:00Z\"}", Canonical.json(pg.outputs()));
        TaskResult duck = Fixtures.runSql(plugin, task(iface, "duckdb", "select {{.inputs.t}} + {{.inputs.d}}::interval as later,"
                + " {{.inputs.d}}::interval as d", null), "{\"d\": \"PT1H30M\", \"t\": \"2024-01-01T23:00:00Z\"}");
        assertTrue(duck.isSuccess(), () -> duck.error().toString());
        assertEquals("{\"d\":\"PT1H30M\",\"later\":\"2024-01-02T00:30:00Z\"}", Canonical.json(duck.outputs()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "pg", "maria"})
    void identifiersAreQuotedWithTheDriversQuote(String warehouse) {
        String table = Fixtures.unique("kite sql \"odd\" `name`");
        String iface = "{'inputs': {'table': {'type': 'string'}, 'v': {'type': 'string'}}, 'outputs': {'v': {'type': 'string'}}}";
        String sql = "create table {{.ident.table}} (v varchar(100)); insert into {{.ident.table}} values ({{.inputs.v}});"
                + " select v from {{.ident.table}}; ";
        ObjectNode in = Fixtures.JSON.createObjectNode().put("table", table).put("v", "x");
        TaskResult r = Fixtures.runSql(plugin, task(iface, warehouse, sql, null), in.toString());
        assertTrue(r.isSuccess(), () -> r.error().toString());
        assertEquals("x", r.outputs().get("v").textValue());
        Fixtures.runSql(plugin, task("{'inputs': {'table': {'type': 'string'}}}", warehouse, "drop table {{.ident.table}}", null),
                Fixtures.JSON.createObjectNode().put("table", table).toString());

        TaskResult nul = Fixtures.runSql(plugin, task(iface, warehouse, sql, null),
                Fixtures.JSON.createObjectNode().put("table", "a\u0000b").put("v", "x").toString());
        assertEquals("INVALID_IDENTIFIER", nul.error().code());
        assertEquals("{{.ident.table}}: an identifier cannot contain NUL", nul.error().message());
    }

    @Test
    void severalStatementsAreOneTransaction() {
        String table = Fixtures.unique("kite_sql_tx");
        Fixtures.runSql(plugin, task("{}", "pg", "create table " + table + " (i int)", null), "{}");
        TaskResult failed = Fixtures.runSql(plugin, task("{}", "pg", "insert into " + table + " values (1); insert into " + table
                + " values ('not a number')", null), "{}");
        assertEquals("SQL_22P02", failed.error().code());
        TaskResult count = Fixtures.runSql(plugin, task("{'outputs': {'n': {'type': 'integer'}}}", "pg",
                "select count(*) as n from " + table + "; ", null), "{}");
        assertEquals(0, count.outputs().get("n").intValue(), "the first insert was rolled back with the second");
        Fixtures.runSql(plugin, task("{}", "pg", "drop table " + table, null), "{}");
    }
}
