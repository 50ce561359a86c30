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
 * a copy of the history (a changed script, a missing migration, a failed one, one the build does not
 * know) sends the start to Flyway.
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
        assertFalse(withCopy("update %s set checksum = checksum + 1 where version = '1'"));
    }

    @Test
    void aMigrationMissingFromTheHistorySendsTheStartToFlyway() {
        assertFalse(withCopy("delete from %1$s where installed_rank = (select max(installed_rank) from %1$s)"));
    }

    @Test
    void aFailedMigrationSendsTheStartToFlyway() {
        assertFalse(withCopy("update %s set success = false where version = '1'"));
    }

    @Test
    void anUnknownRowSendsTheStartToFlyway() {
        assertFalse(withCopy("insert into %s select installed_rank + 1000, '999', 'later', type, script, checksum, "
                + "installed_by, installed_on, execution_time, success from %<s where version = '1'"));
    }

    @Test
    void anUnchangedCopyIsCurrent() {
        assertTrue(withCopy("select 1 from %s"), "an unchanged copy is current, so the other tests' false comes from their change");
    }

    /**
     * The check's answer for a copy of the history with {@code change} applied to it: the live
     * table is never touched, so a test that dies midway leaves nothing behind for later starts.
     */
    private boolean withCopy(String change) {
        String copy = "schema_migrations_test_" + Long.toHexString(System.nanoTime());
        pool.query("create table " + copy + " as table flyway_schema_history").execute().await().atMost(WAIT);
        try {
            pool.query(change.formatted(copy)).execute().await().atMost(WAIT);
            return migrations.current('"' + copy + '"');
        } finally {
            pool.query("drop table " + copy).execute().await().atMost(WAIT);
        }
    }
}
