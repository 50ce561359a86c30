package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;

/** A sql task's config is checked when it is registered, every problem at its field path. */
class RegistrationChecksTest {

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

    private static List<String> problems(String iface, String config) {
        TaskTemplate task = Fixtures.task("sql", iface, config);
        FieldErrors errors = new FieldErrors();
        plugin.prepare(task, Fixtures.JSON.convertValue(task.config(), SqlTaskConfig.class), errors);
        return errors.list().stream().map(FieldError::toString).toList();
    }

    @Test
    void unknownWarehousesAndOutputModes() {
        assertEquals(List.of("config.warehouse: unknown warehouse 'nope'; configured: duckdb, maria, pg"
                + " (kite.sql.warehouses.\"<name>\".url)", "config.output: expected none, first-row, rows or dataset, got \"all\""),
                problems("{}", "{'warehouse': 'nope', 'sql': 'select 1', 'output': 'all'}"));
    }

    @Test
    void placeholdersAreCheckedAgainstTheInterface() {
        assertEquals(List.of("config.sql: line 1, column 18: unknown input 'x' in {{.inputs.x}}; known: n",
                "config.sql: line 1, column 33: unknown string input 'n' in {{.ident.n}}"),
                problems("{'inputs': {'n': {'type': 'integer'}}}", "{'sql': 'select * from t1 {{.inputs.x}}, {{.ident.n}}'}"));
    }

    @Test
    void outputsMustFitTheMode() {
        assertEquals(List.of("config.output: first-row fills the task's outputs from the columns of the same name, and the task"
                + " declares none"), problems("{}", "{'sql': 'select 1', 'output': 'first-row'}"));
        assertEquals(List.of("interface.outputs.n: output rows needs a collection type (of struct, or of a scalar for a one-column"
                + " result), got \"integer\""), problems("{'outputs': {'n': {'type': 'integer'}}}", "{'sql': 'select 1', 'output': 'rows'}"));
        assertEquals(List.of("interface.outputs: output dataset fills exactly one output; the task declares 2 (a, b)"),
                problems("{'outputs': {'a': {'type': {'dataset': {}}}, 'b': {'type': 'integer'}}}", "{'sql': 'select 1', 'output': 'dataset'}"));
        assertEquals(List.of("config.maxRows: must be between 1 and 100 (kite.sql.max-rows), got 101"),
                problems("{'outputs': {'r': {'type': {'collection': 'struct'}}}}", "{'sql': 'select 1', 'output': 'rows', 'maxRows': 101}"));
        assertEquals(List.of("config.format: expected parquet or jsonl, got \"csv\""),
                problems("{'outputs': {'d': {'type': {'dataset': {}}}}}", "{'sql': 'select 1', 'output': 'dataset', 'format': 'csv'}"));
    }

    @Test
    void identifiersComeOnlyFromTextInputs() {
        List<String> p = problems("{'inputs': {'n': {'type': 'integer'}, 't': {'type': 'string'}}}",
                "{'sql': 'select * from {{.ident.n}} join {{.ident.t}} using (id)'}");
        assertEquals(1, p.size(), p::toString);
        assertEquals(true, p.get(0).startsWith("config.sql: line 1, column 15: unknown string input 'n' in {{.ident.n}}"), p.get(0));
    }
}
