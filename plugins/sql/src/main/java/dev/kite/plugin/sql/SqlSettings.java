package dev.kite.plugin.sql;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the {@code sql} and {@code dataset-check} task types, under {@code kite.sql.}. Read at
 * run time. Warehouses are named here and only here: a task names its warehouse and can reach no
 * other database.
 */
@ConfigMapping(prefix = "kite.sql")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface SqlSettings {

    /** The name of the embedded warehouse that exists without any config: an in-memory DuckDB. */
    String EMBEDDED = "duckdb";

    /**
     * The warehouses tasks may query, by name: {@code kite.sql.warehouses."analytics".url=jdbc:postgresql://...}.
     * A warehouse named {@code duckdb} exists even when not configured (an in-memory DuckDB in this
     * process); configuring it replaces it, e.g. with a database file.
     */
    Map<String, Warehouse> warehouses();

    /** The warehouse of a task that names none. */
    @WithDefault(EMBEDDED)
    String defaultWarehouse();

    /**
     * Most rows an {@code output: rows} result may have, and the default and upper bound of a task's
     * {@code maxRows}. A larger result fails the attempt (USER): use {@code output: dataset} for it.
     */
    @WithDefault("10000")
    int maxRows();

    /** Failing rows kept per expectation in a {@code dataset-check} report. */
    @WithDefault("5")
    int sampleRows();

    /** One warehouse: a JDBC URL, credentials, its pool and its limits. */
    interface Warehouse {

        /**
         * The JDBC URL, e.g. {@code jdbc:postgresql://db:5432/sales}, {@code jdbc:mariadb://db:3306/shop},
         * {@code jdbc:duckdb:} (in memory) or {@code jdbc:duckdb:/var/lib/kite/data/warehouse.duckdb}.
         * Any JDBC driver on the class path that accepts the URL serves it.
         */
        String url();

        /** The user name, if the warehouse wants one. */
        Optional<String> username();

        /**
         * The name of the secret ({@code kite.secrets."<name>"}) that holds the password; read when a
         * connection is opened, never logged.
         */
        Optional<String> passwordSecret();

        /** Most open connections to the warehouse from this process, and the size of its worker pool. */
        @WithDefault("4")
        int poolSize();

        /**
         * Most statements running on the warehouse at once from this process; further attempts wait
         * in order (their attempt timeout keeps running). Default: the pool size.
         */
        OptionalInt maxConcurrent();

        /**
         * Longest one statement may run on the warehouse (sent as the JDBC query timeout, and for
         * PostgreSQL also as {@code statement_timeout}); the attempt's timeout applies as well.
         * A statement cut off this way is a SYSTEM recoverable error. Default: none.
         */
        Optional<Duration> statementTimeout();

        /** Whether the warehouse's transactions are read-only (the driver and server refuse writes). */
        @WithDefault("false")
        boolean readOnly();
    }
}
