package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.kite.spi.PluginHealth;
import dev.kite.spi.TaskResult;

/**
 * The SQL plugin's start-up check: the embedded DuckDB's native library is found in the driver
 * jar without being loaded, DuckDB loads on the first query, and a {@code duckdb} warehouse that is
 * not DuckDB is still reached by the check.
 */
class StartUpCheckTest {

    @Test
    void theDriverJarHoldsTheLibraryOfThisPlatform() {
        // linux, macos and windows on amd64/arm64 are what the driver ships; a renamed resource
        // would make the check load DuckDB at start-up again (correct, but slow): this says so
        assertTrue(DuckDbLibrary.packaged(), DuckDbLibrary.resourceName());
        assertEquals("/libduckdb_java.so_linux_amd64", "/libduckdb_java.so_" + DuckDbLibrary.os("Linux")
                + "_" + DuckDbLibrary.arch("x86_64"));
        assertEquals("macos_arm64", DuckDbLibrary.os("Mac OS X") + "_" + DuckDbLibrary.arch("aarch64"));
    }

    @Test
    void theCheckPassesAndTheFirstQueryLoadsDuckdb() throws Exception {
        Warehouses w = Fixtures.warehouses(Map.of());
        try {
            SqlPlugin plugin = new SqlPlugin(w);
            plugin.check();
            assertEquals(PluginHealth.State.UP, plugin.health().state());
            TaskResult r = Fixtures.runSql(plugin, Fixtures.task("sql",
                    "{'outputs': {'n': {'type': 'integer'}}}", "{'sql': 'select 41 + 1 as n'}"), "{}");
            assertTrue(r.isSuccess(), r::toString);
            assertEquals(42, r.outputs().get("n").asInt());
            assertEquals(PluginHealth.State.UP, plugin.health().state());
        } finally {
            w.close();
        }
    }

    @Test
    void aDuckdbWarehouseThatIsNotDuckdbIsReachedByTheCheck() {
        Fixtures.Wh unreachable = new Fixtures.Wh("jdbc:postgresql://127.0.0.1:1/nothing", Optional.of("kite_wh"),
                Optional.empty(), 1, OptionalInt.empty(), Optional.of(Duration.ofSeconds(5)), false);
        Warehouses w = Fixtures.warehouses(Map.of(SqlSettings.EMBEDDED, unreachable));
        try {
            assertThrows(SQLException.class, new SqlPlugin(w)::check);
        } finally {
            w.close();
        }
    }
}
