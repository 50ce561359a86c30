package dev.kite.server.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import dev.kite.fault.Guards;

/**
 * The database guard retries what may pass on another try, against the real PostgreSQL. Before
 * the fix it retried every failure: a value PostgreSQL refuses (U+0000 in text, SQLSTATE 22021)
 * was tried 31 times over ~48 s before the request got its answer (a 500).
 */
@QuarkusTest
class DatabaseGuardRetriesOnlyTransientFailuresTest {

    @Inject
    Guards guards;

    @Inject
    Pool pool;

    @Test
    void aDataErrorFailsAtTheFirstTry() {
        AtomicInteger tries = new AtomicInteger();
        RuntimeException e = assertThrows(RuntimeException.class, () -> guards.database(() -> {
            tries.incrementAndGet();
            return pool.preparedQuery("select $1::text").execute(Tuple.of("a\u0000b"));
        }).await().atMost(Duration.ofSeconds(30)));
        assertTrue(e instanceof PgException || e.getCause() instanceof PgException, e.toString());
        assertEquals(1, tries.get(), "a data error is not retried");
    }

    @Test
    void aConstraintViolationFailsAtTheFirstTry() {
        AtomicInteger tries = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> guards.database(() -> {
            tries.incrementAndGet();
            return pool.query("select 1 / 0").execute();
        }).await().atMost(Duration.ofSeconds(30)));
        assertEquals(1, tries.get(), "division by zero (22012) is not retried");
    }

    @Test
    void aDroppedConnectionIsRetried() {
        AtomicInteger tries = new AtomicInteger();
        // the first try has its own connection terminated by the server (57P01 admin_shutdown)
        Integer answer = guards.database(() -> tries.incrementAndGet() == 1
                ? pool.query("select pg_terminate_backend(pg_backend_pid())").execute().map(rows -> -1)
                : pool.query("select 42 as n").execute().map(rows -> rows.iterator().next().getInteger("n")))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(42, answer);
        assertEquals(2, tries.get(), "the terminated connection was retried once");
    }
}
