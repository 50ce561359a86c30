package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;

/**
 * Errors are classified by SQLState class, each class raised by a real PostgreSQL server (a
 * PL/pgSQL {@code raise ... using errcode} or the real failure), and the undefined-table error of
 * each warehouse fails at once with its position in the task's SQL.
 */
class SqlStateClassificationTest {

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

    private static TaskError fail(String warehouse, String sql) {
        String config = Fixtures.JSON.createObjectNode().put("warehouse", warehouse).put("sql", sql).toString();
        TaskResult r = Fixtures.runSql(plugin, Fixtures.task("sql", "{}", config), "{}");
        assertTrue(r.error() != null, "expected a failure of: " + sql);
        return r.error();
    }

    @ParameterizedTest(name = "{0} -> {1} recoverable={2}")
    @CsvSource({
        "08006, SYSTEM, true", "53200, SYSTEM, true", "40001, SYSTEM, true", "40P01, SYSTEM, true", "57014, SYSTEM, true",
        "42501, USER, false", "22023, USER, false", "23514, USER, false", "28P01, SYSTEM, false", "XX000, SYSTEM, true"})
    void eachClassIsClassifiedAsRaisedByTheServer(String state, ErrorKind kind, boolean recoverable) {
        TaskError e = fail("pg", "do $$ begin raise exception 'raised for the test' using errcode = '" + state + "'; end $$");
        assertEquals("SQL_" + state, e.code());
        assertEquals(kind, e.kind());
        assertEquals(recoverable, e.recoverable());
        assertTrue(e.message().startsWith("warehouse 'pg': ERROR: raised for the test (SQLState " + state + ")"), e.message());
    }

    @Test
    void realFailuresOfEachUserClass() {
        assertEquals("SQL_22012", fail("pg", "select 1 / 0").code());
        assertEquals("SQL_23505", fail("pg", "create temp table u (i int primary key); insert into u values (1), (1)").code());
        assertEquals("SQL_42601", fail("pg", "selec 1").code());
        assertEquals("SQL_25006", fail("pg", "set transaction read only; create temp table w (i int)").code());
        TaskError cancelled = fail("pg", "set local statement_timeout = 50; select pg_sleep(5)");
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "SQL_57014", cancelled.message()), cancelled);
        assertEquals("SQL_23000", fail("duckdb", "create temp table u (i int primary key); insert into u values (1), (1)").code());
        assertEquals("SQL_22000", fail("duckdb", "select 'x'::int").code());
        assertEquals("SQL_23000", fail("maria", "create temporary table u (i int primary key); insert into u values (1), (1)").code());
        assertEquals("SQL_22003", fail("maria", "set sql_mode = 'STRICT_ALL_TABLES'; create temporary table v (i tinyint);"
                + " insert into v values (1000)").code());
    }

    @Test
    void anUndefinedTableFailsAtOnceWithItsPosition() {
        String sql = "select 1;\nselect id,\n  name from no_such_table_kite where id = {{.inputs.id}}";
        String config = Fixtures.JSON.createObjectNode().put("warehouse", "pg").put("sql", sql).toString();
        TaskResult r = Fixtures.runSql(plugin, Fixtures.task("sql", "{'inputs': {'id': {'type': 'integer'}}}", config), "{\"id\": 1}");
        assertEquals(new TaskError(ErrorKind.USER, false, "SQL_42P01", "warehouse 'pg', statement 2 of 2: ERROR: relation"
                + " \"no_such_table_kite\" does not exist (SQLState 42P01) at line 3, column 13 of config.sql"), r.error());

        String duck = "select id\nfrom no_such_table_kite where id = {{.inputs.id}}";
        String duckConfig = Fixtures.JSON.createObjectNode().put("sql", duck).toString();
        TaskResult d = Fixtures.runSql(plugin, Fixtures.task("sql", "{'inputs': {'id': {'type': 'integer'}}}", duckConfig), "{\"id\": 1}");
        assertEquals("SQL_42000", d.error().code());
        assertEquals(ErrorKind.USER, d.error().kind());
        assertTrue(d.error().message().startsWith("warehouse 'duckdb': Catalog Error: Table with name no_such_table_kite does not exist!"),
                d.error().message());
        assertTrue(d.error().message().endsWith("at line 2, column 6 of config.sql"), d.error().message());

        TaskError m = fail("maria", "select * from no_such_table_kite");
        assertEquals(new TaskError(ErrorKind.USER, false, "SQL_42S02", m.message()), m);
        assertTrue(m.message().contains("no_such_table_kite' doesn't exist"), m.message());
    }
}
