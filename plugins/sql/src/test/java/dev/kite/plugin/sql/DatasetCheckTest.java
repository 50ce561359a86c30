package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Canonical;
import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskResult;

/** dataset-check: a passing suite gives the report; a failing one fails EXPECTATIONS_FAILED naming what failed. */
class DatasetCheckTest {

    static Warehouses warehouses;
    static DatasetCheckPlugin checks;
    static JsonNode orders;

    @BeforeAll
    static void start() {
        warehouses = Fixtures.warehouses();
        checks = new DatasetCheckPlugin(warehouses);
        SqlPlugin sql = new SqlPlugin(warehouses);
        TaskTemplate export = Fixtures.task("sql", "{'outputs': {'orders': {'type': {'dataset': {}}}}}", """
                {"output": "dataset", "sql": "select * from (values (1, 'a@x.org', 'paid', 10.0), (2, 'b@x.org', 'paid', 25.5), (3, null, 'open', 99.0), (4, 'd@x.org', 'refunded', 0.0), (5, 'e@x.org', 'paid', 40.0)) t(id, email, status, amount)"}
                """);
        TaskResult r = Fixtures.runSql(sql, export, "{}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        orders = r.outputs().get("orders");
    }

    @AfterAll
    static void stop() {
        warehouses.close();
    }

    private static final String IFACE = "{'inputs': {'orders': {'type': {'dataset': {}}}, 'limit': {'type': 'float'}},"
            + " 'outputs': {'report': {'type': 'struct'}}}";

    private static TaskResult check(String expectations) {
        TaskTemplate task = Fixtures.task("dataset-check", IFACE, "{\"expectations\": " + expectations + "}");
        ObjectNode in = Fixtures.JSON.createObjectNode().put("limit", 50.0);
        in.set("orders", orders);
        return checks.run(Fixtures.ctx(task, DatasetCheckConfig.class, in, Duration.ofMinutes(1))).await().atMost(Duration.ofMinutes(1));
    }

    @Test
    void aPassingSuiteReportsEveryExpectation() {
        TaskResult r = check("""
                [{"type": "row-count-between", "min": 1, "max": 10},
                 {"type": "column-exists", "column": "amount", "columnType": "float"},
                 {"type": "not-null", "column": "email", "maxNullFraction": 0.2},
                 {"type": "unique", "column": "id"},
                 {"type": "values-in-set", "column": "status", "values": ["paid", "open", "refunded"]},
                 {"type": "values-between", "column": "amount", "min": 0, "max": 100},
                 {"type": "regex", "column": "email", "pattern": "^[^@]+@[^@]+$"},
                 {"name": "no big refunds", "type": "custom-sql",
                  "sql": "select * from dataset where status = 'refunded' and amount > {{.inputs.limit}}"},
                 {"type": "not-null", "column": "email", "severity": "warning"}]
                """);
        assertNull(r.error(), () -> String.valueOf(r.error()));
        JsonNode report = r.outputs().get("report");
        assertTrue(report.get("success").booleanValue());
        assertEquals(5, report.get("dataset").get("rows").longValue());
        assertEquals("[\"not-null email\"]", Canonical.json(report.get("warnings")));
        List<String> observed = report.get("results").findValues("observed").stream().map(Canonical::json).toList();
        assertEquals(List.of("5", "\"float\"", "0.2", "0", "0", "0", "0", "0", "0.2"), observed);
        JsonNode warning = report.get("results").get(8);
        assertFalse(warning.get("passed").booleanValue());
        assertEquals("[{\"amount\":99.0,\"email\":null,\"id\":3,\"status\":\"open\"}]", Canonical.json(warning.get("sample")));
        assertEquals("no big refunds", report.get("results").get(7).get("name").textValue());
    }

    @Test
    void aFailingSuiteFailsWithTheFailures() {
        TaskResult r = check("""
                [{"type": "row-count-between", "min": 10},
                 {"type": "values-in-set", "column": "status", "values": ["paid"]},
                 {"type": "values-between", "column": "amount", "max": 30, "severity": "warning"},
                 {"type": "column-exists", "column": "customer"},
                 {"type": "custom-sql", "name": "cheap orders", "sql": "select id from dataset where amount < {{.inputs.limit}}"}]
                """);
        assertEquals(ErrorKind.USER, r.error().kind());
        assertFalse(r.error().recoverable());
        assertEquals("EXPECTATIONS_FAILED", r.error().code());
        String m = r.error().message();
        assertTrue(m.startsWith("4 of 5 expectations failed on " + orders.get("uri").textValue() + ": row-count-between (observed 5);"
                + " values-in-set status (observed 2); column-exists customer (observed null: no column 'customer' (columns: id,"
                + " email, status, amount)); cheap orders (observed 4) — report: "), m);
        assertTrue(m.contains("\"sample\":[{\"amount\":99.0,\"email\":null,\"id\":3,\"status\":\"open\"},"
                + "{\"amount\":0.0,\"email\":\"d@x.org\",\"id\":4,\"status\":\"refunded\"}]"), m);
    }

    @Test
    void badExpectationsAreRejectedAtRegistration() {
        TaskTemplate task = Fixtures.task("dataset-check", IFACE, """
                {"expectations": [{"type": "nope"}, {"type": "regex", "column": "email", "pattern": "("},
                 {"type": "unique"}, {"type": "custom-sql", "sql": "select * from dataset where x = '{{.inputs.limit}}'"},
                 {"type": "values-between", "column": "amount"}]}
                """);
        FieldErrors errors = new FieldErrors();
        checks.prepare(task, Fixtures.JSON.convertValue(task.config(), DatasetCheckConfig.class), errors);
        assertEquals(List.of("config.expectations[0].type", "config.expectations[1].pattern", "config.expectations[2].column",
                "config.expectations[3].sql", "config.expectations[4]"), errors.list().stream().map(FieldError::path).toList());
    }
}
