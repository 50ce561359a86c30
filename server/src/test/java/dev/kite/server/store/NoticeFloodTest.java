package dev.kite.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import dev.kite.api.EventStreams;
import dev.kite.store.ExecutionNotices;

/**
 * A statement that changes many executions at once (an import, a backfill by hand) does not flood
 * the listening Kite processes: the trigger announces the first 10,000 changes of a transaction one
 * by one, then one overflow notice, on which every listener reads again what it watches. Before,
 * an import of 2,000,000 ended executions sent 2,000,000 notices; Kite ran out of heap reading them
 * and stopped answering for seconds.
 */
@QuarkusTest
class NoticeFloodTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String PROJECT = "notice-flood";
    private static final int LIMIT = 10_000;

    @Inject
    ExecutionNotices notices;

    @Inject
    Pool pool;

    @Inject
    EventStreams streams;

    /** What one listener was told about this test's project, and how often it was asked to read again. */
    private static final AtomicInteger ANNOUNCED = new AtomicInteger();
    private static final AtomicInteger RESYNCS = new AtomicInteger();
    /** The notices the listener was added to: one per start of the application. */
    private static ExecutionNotices listeningTo;

    @BeforeEach
    void listen() throws InterruptedException {
        if (listeningTo != notices) {
            notices.listen(new ExecutionNotices.Listener() {
                @Override
                public void accept(ExecutionNotices.Notice n) {
                    if (PROJECT.equals(n.project())) {
                        ANNOUNCED.incrementAndGet();
                    }
                }

                @Override
                public void resync(ExecutionNotices.Gap gap) {
                    if (gap == ExecutionNotices.Gap.OVERFLOW) {
                        RESYNCS.incrementAndGet();
                    }
                }
            });
            listeningTo = notices;
        }
        clean();
        // the LISTEN connection is made at start, asynchronously: once a row's notice comes, it is up
        int announced = ANNOUNCED.get();
        insert(1);
        awaitAtLeast(ANNOUNCED, announced + 1);
        clean();
    }

    @AfterEach
    void clean() {
        pool.query("delete from executions where project = '" + PROJECT + "'").execute().await().atMost(MAX);
    }

    @Test
    void aBulkInsertIsAnnouncedUpToTheLimitThenOnceAsAnOverflow() throws InterruptedException {
        int announced = ANNOUNCED.get();
        int resyncs = RESYNCS.get();
        insert(LIMIT + 500);
        awaitAtLeast(ANNOUNCED, announced + LIMIT);
        awaitAtLeast(RESYNCS, resyncs + 1);
        // a last small transaction, announced row by row: once its notices are in, all earlier ones are
        insert(3);
        awaitAtLeast(ANNOUNCED, announced + LIMIT + 3);
        assertEquals(LIMIT + 3, ANNOUNCED.get() - announced, "the bulk insert's first LIMIT rows and the small one's 3, none past the limit");
        assertEquals(1, RESYNCS.get() - resyncs, "one overflow for the bulk insert, none for the small one");
    }

    @Test
    void aProjectWatchEndsOnAnOverflowSoThatItsClientListsAgain() throws InterruptedException {
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        var watch = streams.watch(PROJECT).subscribe().with(b -> batches.incrementAndGet(), f -> { }, ended::incrementAndGet);
        try {
            insert(1);
            awaitAtLeast(batches, 1);
            assertEquals(0, ended.get(), "a change announced one by one leaves the watch open");
            insert(LIMIT + 1);
            awaitAtLeast(ended, 1);
        } finally {
            watch.cancel();
        }
    }

    @Test
    void theLimitCountsPerTransaction() throws InterruptedException {
        int announced = ANNOUNCED.get();
        int resyncs = RESYNCS.get();
        for (int i = 0; i < 3; i++) {
            insert(LIMIT / 2);
        }
        insert(1);
        awaitAtLeast(ANNOUNCED, announced + 3 * (LIMIT / 2) + 1);
        assertEquals(3 * (LIMIT / 2) + 1, ANNOUNCED.get() - announced, "every row of every transaction, one by one");
        assertEquals(0, RESYNCS.get() - resyncs, "no transaction went past the limit");
    }

    @Test
    void phaseChangesCountTowardsTheLimitAndOtherUpdatesAreNotAnnounced() throws InterruptedException {
        int announced = ANNOUNCED.get();
        insert(LIMIT + 9);
        insert(1);
        awaitAtLeast(ANNOUNCED, announced + LIMIT + 1);
        announced = ANNOUNCED.get();
        int resyncs = RESYNCS.get();
        // all LIMIT + 10 rows change phase in one statement
        update("phase = 'FAILED'");
        insert(1);
        awaitAtLeast(ANNOUNCED, announced + LIMIT + 1);
        assertEquals(LIMIT + 1, ANNOUNCED.get() - announced, "the limit, then the next transaction's one row");
        assertEquals(1, RESYNCS.get() - resyncs);
        // a change that is neither a phase nor an event is not announced
        announced = ANNOUNCED.get();
        update("updated_at = now()");
        insert(1);
        awaitAtLeast(ANNOUNCED, announced + 1);
        assertEquals(1, ANNOUNCED.get() - announced);
        assertEquals(1, RESYNCS.get() - resyncs);
    }

    private void update(String set) {
        pool.query("update executions set " + set + " where project = '" + PROJECT + "'").execute().await().atMost(MAX);
    }

    /** N ended executions of the test's project in one statement (one transaction). */
    private void insert(int n) {
        pool.query("insert into executions (id, project, domain, name, version, phase, done, inputs, outputs, attempts, events, "
                + "start_time, seed, created_at, updated_at) select gen_random_uuid(), '" + PROJECT + "', 'development', 'bulk', 'v1', "
                + "'SUCCEEDED', true, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb, now(), i, now(), now() "
                + "from generate_series(1, " + n + ") i").execute().await().atMost(MAX);
    }

    private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + MAX.toNanos();
        while (counter.get() < value) {
            assertTrue(System.nanoTime() < deadline, "waited " + MAX + " for " + value + ", got " + counter.get());
            Thread.sleep(20);
        }
    }
}
