package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskResult;

/**
 * One parameterised task, the same SQL text, on the embedded DuckDB, PostgreSQL and MariaDB: the
 * same typed outputs; hostile values are stored and compared as values, byte for byte.
 */
class SameTaskOnEveryWarehouseTest {

    static Warehouses warehouses;
    static SqlPlugin plugin;
    static final String TABLE = Fixtures.unique("kite_sql_people");

    @BeforeAll
    static void start() {
        warehouses = Fixtures.warehouses();
        plugin = new SqlPlugin(warehouses);
    }

    @AfterAll
    static void stop() {
        for (String w : new String[] {"duckdb", "pg", "maria"}) {
            Fixtures.runSql(plugin, Fixtures.task("sql", "{}", "{'warehouse': '" + w + "', 'sql': 'drop table if exists " + TABLE + "'}"), "{}");
        }
        warehouses.close();
    }

    private static final String IFACE = """
            {"inputs": {"name": {"type": "string"}, "age": {"type": "integer"}, "score": {"type": "float"},
                        "active": {"type": "boolean"}, "seen": {"type": "datetime"}},
             "outputs": {"name": {"type": "string"}, "age": {"type": "integer"}, "score": {"type": "float"},
                         "active": {"type": "boolean"}, "seen": {"type": "datetime"}, "n": {"type": "integer"},
                         "same": {"type": "boolean"}}}
            """;

    private static TaskTemplate task(String warehouse) {
        String ts = warehouse.equals("maria") ? "datetime(6)" : "timestamp";
        String dbl = warehouse.equals("maria") ? "double" : "double precision";
        String sql = "create table if not exists " + TABLE + " (name varchar(200), age bigint, score " + dbl + ", active boolean, seen "
                + ts + ");"
                + " insert into " + TABLE + " (name, age, score, active, seen) values ({{.inputs.name}}, {{.inputs.age}},"
                + " {{.inputs.score}}, {{.inputs.active}}, {{.inputs.seen}});"
                + " select name, age, score, active, seen, (select count(*) from " + TABLE + " where name = {{.inputs.name}}) as n,"
                + " name = {{.inputs.name}} as same from " + TABLE + " where name = {{.inputs.name}} and age = {{.inputs.age}}";
        ObjectNode config = Fixtures.JSON.createObjectNode().put("warehouse", warehouse).put("sql", sql);
        return Fixtures.task("sql", IFACE, config.toString());
    }

    private static String inputs(String name, long age) {
        ObjectNode in = Fixtures.JSON.createObjectNode().put("name", name).put("age", age).put("score", 2.5).put("active", true)
                .put("seen", "2024-03-04T05:06:07.123456Z");
        return in.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "pg", "maria"})
    void theSameTaskGivesTheSameTypedOutputs(String warehouse) {
        TaskResult r = Fixtures.runSql(plugin, task(warehouse), inputs("Ada " + warehouse, 36));
        assertNull(r.error(), () -> String.valueOf(r.error()));
        assertEquals("{\"active\":true,\"age\":36,\"n\":1,\"name\":\"Ada " + warehouse + "\",\"same\":true,\"score\":2.5,"
                + "\"seen\":\"2024-03-04T05:06:07.123456Z\"}", Canonical.json(r.outputs()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "pg", "maria"})
    void hostileValuesAreValues(String warehouse) {
        String[] hostile = {"'; DROP TABLE " + TABLE + "; --", "O'Brien \"the\" `tick`", "back\\slash\\' \\\\", "$$ $tag$ {{.inputs.name}}",
            "ünï©ødé 🚀 \u0301e", "x' OR '1'='1"};
        for (int i = 0; i < hostile.length; i++) {
            String name = hostile[i];
            TaskResult r = Fixtures.runSql(plugin, task(warehouse), inputs(name, 100 + i));
            assertNull(r.error(), () -> warehouse + " " + name + ": " + r.error());
            assertEquals(hex(name), hex(r.outputs().get("name").textValue()), warehouse + ": " + name);
            assertEquals(1, r.outputs().get("n").longValue(), "stored once and found by comparison: " + name);
            assertTrue(r.outputs().get("same").booleanValue());
        }
    }

    @Test
    void nulIsAValueWhereTheWarehouseAllowsIt() {
        // PostgreSQL refuses NUL in text (22021); DuckDB and MariaDB store it
        for (String warehouse : new String[] {"duckdb", "maria"}) {
            String name = "nul\u0000inside";
            TaskResult r = Fixtures.runSql(plugin, task(warehouse), inputs(name, 7));
            assertNull(r.error(), () -> warehouse + ": " + r.error());
            assertEquals(hex(name), hex(r.outputs().get("name").textValue()), warehouse);
        }
        TaskResult pg = Fixtures.runSql(plugin, task("pg"), inputs("nul\u0000inside", 7));
        assertEquals("SQL_22021", pg.error().code(), () -> pg.error().toString());
    }

    private static String hex(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
