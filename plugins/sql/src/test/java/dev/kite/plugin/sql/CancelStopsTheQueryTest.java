package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.subscription.Cancellable;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskResult;

/**
 * Cancelling an attempt (what the engine does on timeout and abort) stops the query on the
 * warehouse: the PostgreSQL backend running {@code pg_sleep(60)} leaves {@code pg_stat_activity}
 * within 3 s, and MariaDB's query leaves its process list.
 */
class CancelStopsTheQueryTest {

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

    private static int running(String url, String sql, String marker) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "kite_wh", "kite_wh"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void cancelAndWatch(String warehouse, String url, String sleep, String activity) throws Exception {
        String marker = "kite_cancel_" + UUID.randomUUID().toString().replace("-", "");
        String sql = "/* " + marker + " */ " + sleep;
        TaskTemplate task = Fixtures.task("sql", "{}", Fixtures.JSON.createObjectNode().put("warehouse", warehouse).put("sql", sql).toString());
        AtomicReference<TaskResult> result = new AtomicReference<>();
        Cancellable attempt = plugin.run(Fixtures.ctx(task, SqlTaskConfig.class, Fixtures.read("{}"), Duration.ofMinutes(2)))
                .subscribe().with(result::set);
        for (int i = 0; i < 100 && running(url, activity, marker) == 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(1, running(url, activity, marker), "the query runs on the warehouse");
        attempt.cancel();
        int left = 1;
        for (int i = 0; i < 30 && left > 0; i++) { // the bound: 3 s after the cancel
            Thread.sleep(100);
            left = running(url, activity, marker);
        }
        assertEquals(0, left, "the query is gone from the warehouse within 3 s of the cancel");
        assertEquals(null, result.get(), "a cancelled attempt reports nothing");
    }

    @Test
    void aCancelledPostgresQueryLeavesPgStatActivity() throws Exception {
        cancelAndWatch("pg", Fixtures.PG_URL, "select pg_sleep(60)",
                "select count(*) from pg_stat_activity where query like ? and pid <> pg_backend_pid()");
    }

    @Test
    void aCancelledMariadbQueryLeavesTheProcessList() throws Exception {
        cancelAndWatch("maria", Fixtures.MARIA_URL, "select sleep(60)",
                "select count(*) from information_schema.processlist where info like ? and id <> connection_id()"
                        + " and command <> 'Sleep'");
    }

    @Test
    void aCancelledDuckdbQueryGivesItsWorkerBack() throws Exception {
        Warehouses one = Fixtures.warehouses(java.util.Map.of("duckdb", new Fixtures.Wh("jdbc:duckdb:", java.util.Optional.empty(),
                java.util.Optional.empty(), 1, java.util.OptionalInt.of(1), java.util.Optional.empty(), false)));
        try {
            SqlPlugin single = new SqlPlugin(one);
            TaskTemplate endless = Fixtures.task("sql", "{}", "{'sql': 'select count(*) from range(1000000000000) a, range(1000) b'}");
            AtomicReference<TaskResult> result = new AtomicReference<>();
            Cancellable attempt = single.run(Fixtures.ctx(endless, SqlTaskConfig.class, Fixtures.read("{}"), Duration.ofMinutes(2)))
                    .subscribe().with(result::set);
            Thread.sleep(500);
            attempt.cancel();
            // the warehouse has one worker: the next query runs only if the cancelled one gave it back
            TaskResult next = Fixtures.runSql(single, Fixtures.task("sql", "{'outputs': {'one': {'type': 'integer'}}}",
                    "{'sql': 'select 1 as one'}"), "{}");
            assertTrue(next.isSuccess(), () -> next.error().toString());
            assertEquals(null, result.get(), "a cancelled attempt reports nothing");
        } finally {
            one.close();
        }
    }

    @Test
    void theWarehouseIsUsableAfterACancel() throws Exception {
        aCancelledPostgresQueryLeavesPgStatActivity();
        TaskResult r = Fixtures.runSql(plugin, Fixtures.task("sql", "{'outputs': {'one': {'type': 'integer'}}}",
                "{'warehouse': 'pg', 'sql': 'select 1 as one'}"), "{}");
        assertTrue(r.isSuccess(), () -> r.error().toString());
        assertEquals(1, r.outputs().get("one").intValue());
    }
}
