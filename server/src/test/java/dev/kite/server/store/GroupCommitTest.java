package dev.kite.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.store.GroupCommit;

/**
 * The group commit against the real PostgreSQL, on a table of its own: concurrent writes share
 * transactions (fewer commits than writes), each caller learns whether its own write touched a row,
 * statements of one group run in the order they first came, and a write PostgreSQL refuses fails
 * alone while the writes it was grouped with are still written.
 */
@QuarkusTest
class GroupCommitTest {

    private static final Duration MAX = Duration.ofSeconds(30);
    private static final String INSERT = "insert into group_commit_probe (id, v) values ($1, $2)";
    private static final String UPDATE = "update group_commit_probe set v = $2 where id = $1";
    /** Not idempotent: a write applied twice shows. */
    private static final String COUNT = "update group_commit_probe set n = n + 1 where id = $1";

    @Inject
    GroupCommit group;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void table() {
        pool.query("drop table if exists group_commit_probe").execute()
                .chain(() -> pool.query("create table group_commit_probe (id int primary key, v text not null, n int not null default 0)")
                        .execute())
                .await().atMost(MAX);
    }

    @Test
    void concurrentWritesShareCommitsAndAllAreDurable() {
        double commits = commits();
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            writes.add(group.write(INSERT, Tuple.of(i, "v" + i)));
        }
        List<Boolean> applied = all(writes);
        assertEquals(400, applied.size());
        assertTrue(applied.stream().allMatch(Boolean::booleanValue), "every insert touched its row");
        assertEquals(400, ids().size(), "every write is in the table");
        double used = commits() - commits;
        assertTrue(used < 400, "400 concurrent writes took " + used + " commits: none was shared");
    }

    @Test
    void eachCallerLearnsWhetherItsOwnWriteTouchedARow() {
        all(List.of(group.write(INSERT, Tuple.of(1, "a")), group.write(INSERT, Tuple.of(2, "b"))));
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // ids 1 and 2 exist; the others do not
            writes.add(group.write(UPDATE, Tuple.of(i, "x")));
            writes.add(group.write(INSERT, Tuple.of(1000 + i, "n")));
        }
        List<Boolean> applied = all(writes);
        for (int i = 0; i < 200; i++) {
            assertEquals(i == 1 || i == 2, applied.get(2 * i), "update of id " + i);
            assertTrue(applied.get(2 * i + 1), "insert of id " + (1000 + i));
        }
    }

    @Test
    void aRefusedWriteFailsAloneAndItsGroupIsStillWritten() {
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // text with U+0000 is refused by PostgreSQL (22021): a failure no retry passes
            writes.add(group.write(INSERT, Tuple.of(i, i == 150 ? "bad\u0000" : "ok")));
        }
        List<Throwable> failures = new ArrayList<>();
        List<Boolean> applied = new ArrayList<>();
        for (CompletableFuture<Boolean> w : sent(writes)) {
            try {
                applied.add(w.join());
            } catch (CompletionException e) {
                failures.add(e);
            }
        }
        assertEquals(1, failures.size(), "only the refused write failed: " + failures);
        assertEquals(299, applied.size());
        Set<Integer> ids = ids();
        assertEquals(299, ids.size(), "every other write is in the table");
        assertFalse(ids.contains(150), "the refused write is not");
    }

    @Test
    void aGroupFailingInTheDatabaseIsWrittenOnceWriteByWrite() {
        // a duplicate key fails its batch and aborts the group; every other write is then applied
        // exactly once on its own (n counts the increments)
        all(List.of(group.write(INSERT, Tuple.of(7, "seven"))));
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(group.write(COUNT, Tuple.of(7)));
            writes.add(group.write(INSERT, Tuple.of(i == 50 ? 7 : 100 + i, "n")));
        }
        assertEquals(1, failures(writes), "only the duplicate insert failed");
        assertEquals(100, ids().size(), "id 7 and the 99 other inserts");
        assertEquals(100, counted(7), "each increment applied once");
        assertNoTransactionLeftOpen();
    }

    @Test
    void aGroupFailingInTheClientCommitsNothingOfIt() {
        // a write whose parameters do not fit its statement fails in the client, before PostgreSQL
        // sees it: the rest of its group must not be committed behind it (and then written again)
        all(List.of(group.write(INSERT, Tuple.of(7, "seven"))));
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(group.write(COUNT, i == 50 ? Tuple.of(7, "one too many") : Tuple.of(7)));
            writes.add(group.write(INSERT, Tuple.of(100 + i, "n")));
        }
        assertEquals(1, failures(writes), "only the write that does not fit failed");
        assertEquals(101, ids().size(), "id 7 and the 100 inserts");
        assertEquals(99, counted(7), "each other increment applied once");
        assertNoTransactionLeftOpen();
    }

    private static int failures(List<Uni<Boolean>> writes) {
        int failed = 0;
        for (CompletableFuture<Boolean> w : sent(writes)) {
            try {
                w.join();
            } catch (CompletionException e) {
                failed++;
            }
        }
        return failed;
    }

    private int counted(int id) {
        return pool.preparedQuery("select n from group_commit_probe where id = $1").execute(Tuple.of(id)).await().atMost(MAX)
                .iterator().next().getInteger("n");
    }

    private void assertNoTransactionLeftOpen() {
        Row r = pool.query("select count(*) as open from pg_stat_activity where datname = current_database() "
                + "and state like 'idle in transaction%'").execute().await().atMost(MAX).iterator().next();
        assertEquals(0L, r.getLong("open"), "a pooled connection was left inside a transaction");
    }

    /** Subscribes to every write at once (a write is queued when subscribed), then waits for each. */
    private static List<CompletableFuture<Boolean>> sent(List<Uni<Boolean>> writes) {
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        writes.forEach(w -> sent.add(w.subscribeAsCompletionStage()));
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // some failed: each test says which may
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not every write was answered within 30 s", e);
        }
        return sent;
    }

    private static List<Boolean> all(List<Uni<Boolean>> writes) {
        List<Boolean> applied = new ArrayList<>();
        for (CompletableFuture<Boolean> w : sent(writes)) {
            applied.add(w.join());
        }
        return applied;
    }

    private Set<Integer> ids() {
        Set<Integer> ids = new TreeSet<>();
        pool.query("select id from group_commit_probe").execute().await().atMost(MAX).forEach(r -> ids.add(r.getInteger("id")));
        return ids;
    }

    private double commits() {
        return metrics.counter("kite_store_commits_total").count();
    }
}
