package dev.kite.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import dev.kite.config.KiteConfig;

/**
 * Brings the schema up to date before anything else at start-up uses it. One query over the
 * reactive client first: when {@code flyway_schema_history} lists exactly the migrations this build
 * holds (version, description, Flyway's checksum, all successful), there is nothing Flyway would
 * do, and it is not started (its classes, the JDBC driver and its pool stay unloaded). Anything
 * else (a pending migration, a changed script, a failed or unknown row, no history, no database)
 * runs Flyway's migrate, which validates first and reports exactly as Quarkus's migrate-at-start
 * would.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    @Inject
    KiteConfig config;

    @Inject
    KnownMigrations known;

    @Inject
    Pool pool;

    @Inject
    Instance<Flyway> flyway;

    @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false")
    boolean migratedByQuarkus;

    @ConfigProperty(name = "quarkus.flyway.active", defaultValue = "true")
    boolean flywayActive;

    @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history")
    String table;

    @ConfigProperty(name = "quarkus.flyway.default-schema")
    Optional<String> defaultSchema;

    @ConfigProperty(name = "quarkus.flyway.schemas")
    Optional<List<String>> schemas;

    /** Before every other start-up observer: they read and write the schema. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (!config.schema().migrateAtStart() || migratedByQuarkus || !flywayActive) {
            return;
        }
        if (known.entries().isEmpty()) {
            LOG.info("this build could not list its migrations (see decision 0047): Flyway runs at every start");
        } else if (current()) {
            LOG.infof("schema is current (%d migrations): Flyway is not needed", known.entries().size());
            return;
        } else {
            LOG.info("the schema history differs from this build's migrations, or cannot be read: running Flyway");
        }
        flyway.get().migrate();
    }

    /** True when the configured history table holds exactly this build's migrations, all successful. */
    public boolean current() {
        return current(historyTable());
    }

    /** {@link #current()} of the history in {@code table} (a qualified, quoted name). */
    public boolean current(String table) {
        if (known.entries().isEmpty()) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        try {
            for (Row r : pool.query("select version, description, checksum, success from " + table)
                    .execute().await().atMost(Duration.ofSeconds(30))) {
                Integer checksum = r.getInteger("checksum");
                if (!Boolean.TRUE.equals(r.getBoolean("success")) || r.getString("version") == null || checksum == null) {
                    return false;
                }
                applied.add(KnownMigrations.entry(r.getString("version"), r.getString("description"), checksum));
            }
        } catch (RuntimeException e) {
            LOG.debugf("schema history not readable (%s): Flyway decides", e.getMessage());
            return false;
        }
        return applied.equals(known.entries());
    }

    private String historyTable() {
        Optional<String> schema = defaultSchema.or(() -> schemas.filter(s -> !s.isEmpty()).map(s -> s.get(0)));
        return schema.map(s -> quoted(s) + ".").orElse("") + quoted(table);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
