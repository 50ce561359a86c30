package dev.kite.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where a Kite process keeps its state. On the shared PostgreSQL, each test class gets a schema of
 * its own in the test database ({@code KITE_TEST_DB}, role kite/kite), created by Kite's migrations
 * and dropped afterwards: no test ever meets another one's executions or leases.
 *
 * @param port   PostgreSQL's port on 127.0.0.1
 * @param name   the database
 * @param schema the schema Kite works in, or null for the database's default
 */
record Database(int port, String name, String schema) {

    /** A fresh schema in the shared test database. */
    static Database sharedFreshSchema(String prefix) {
        String db = System.getenv().getOrDefault("KITE_TEST_DB", "kite_test");
        return new Database(5432, db, prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + name + (schema == null ? "" : "?search_path=" + schema);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + (schema == null ? "" : "?currentSchema=" + schema);
    }

    /** Drops the schema with everything Kite wrote in it (best effort: a failed test keeps its evidence otherwise). */
    void dropSchema() {
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "kite", "kite");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e);
        }
    }
}
