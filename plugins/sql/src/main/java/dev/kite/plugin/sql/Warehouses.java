package dev.kite.plugin.sql;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The warehouses of {@code kite.sql.warehouses}, by name, each opened on first use; plus the
 * embedded {@code duckdb} (an in-memory DuckDB) unless the config names a warehouse {@code duckdb}
 * itself.
 */
@ApplicationScoped
public class Warehouses {

    private final Map<String, Warehouse> byName;
    private final SqlSettings settings;

    @Inject
    public Warehouses(SqlSettings settings) {
        this.settings = settings;
        Map<String, Warehouse> m = new TreeMap<>();
        settings.warehouses().forEach((name, w) -> m.put(name, new Warehouse(name, w)));
        m.computeIfAbsent(SqlSettings.EMBEDDED, n -> new Warehouse(n, embedded()));
        this.byName = Collections.unmodifiableMap(m);
    }

    SqlSettings settings() {
        return settings;
    }

    Optional<Warehouse> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of the warehouses, sorted. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    @PreDestroy
    void close() {
        byName.values().forEach(Warehouse::close);
    }

    /** The embedded default: an in-memory DuckDB in this process. */
    static SqlSettings.Warehouse embedded() {
        return new SqlSettings.Warehouse() {
            public String url() {
                return "jdbc:duckdb:";
            }

            public Optional<String> username() {
                return Optional.empty();
            }

            public Optional<String> passwordSecret() {
                return Optional.empty();
            }

            public int poolSize() {
                return 4;
            }

            public OptionalInt maxConcurrent() {
                return OptionalInt.empty();
            }

            public Optional<Duration> statementTimeout() {
                return Optional.empty();
            }

            public boolean readOnly() {
                return false;
            }
        };
    }
}
