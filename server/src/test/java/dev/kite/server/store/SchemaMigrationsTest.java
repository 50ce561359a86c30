package dev.kite.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import dev.kite.store.KnownMigrations;
import dev.kite.store.SchemaMigrations;

/**
 * The start-up check that lets Kite skip Flyway: the migrations the build found, with the checksums
 * it computed, are exactly what Flyway itself recorded when it applied them; and any difference in
 * the history (a changed script, a missing migration, a failed one) sends the start to Flyway.
 */
@QuarkusTest
class SchemaMigrationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SchemaMigrations migrations;

    @Inject
    KnownMigrations known;

    @Inject
    Flyway flyway;

    @Inject
    Pool pool;

    @Test
    void theBuildsMigrationsAreWhatFlywayApplied() {
        Set<String> applied = new TreeSet<>();
        for (MigrationInfo m : flyway.info().applied()) {
            applied.add(KnownMigrations.entry(m.getVersion().getVersion(), m.getDescription(), m.getChecksum()));
        }
        assertEquals(applied, new TreeSet<>(known.entries()), "the build's checksums are Flyway's own");
        assertEquals(0, flyway.info().pending().length, "nothing is pending after the start");
        assertTrue(migrations.current(), "a current schema needs no Flyway");
    }

    @Test
    void aChangedScriptSendsTheStartToFlyway() {
        whileChanged("update flyway_schema_history set checksum = checksum + 1 where version = '1'",
                "update flyway_schema_history set checksum = checksum - 1 where version = '1'");
    }

    @Test
    void aMigrationMissingFromTheHistorySendsTheStartToFlyway() {
        String newest = pool.query("select max(version::int)::text as v from flyway_schema_history").execute()
                .await().atMost(WAIT).iterator().next().getString("v");
        whileChanged("update flyway_schema_history set version = '" + newest + ".1' where version = '" + newest + "'",
                "update flyway_schema_history set version = '" + newest + "' where version = '" + newest + ".1'");
    }

    @Test
    void aFailedMigrationSendsTheStartToFlyway() {
        whileChanged("update flyway_schema_history set success = false where version = '1'",
                "update flyway_schema_history set success = true where version = '1'");
    }

    private void whileChanged(String change, String undo) {
        assertTrue(migrations.current());
        pool.query(change).execute().await().atMost(WAIT);
        try {
            assertFalse(migrations.current(), "after: " + change);
        } finally {
            pool.query(undo).execute().await().atMost(WAIT);
        }
        assertTrue(migrations.current(), "after the undo");
    }
}
