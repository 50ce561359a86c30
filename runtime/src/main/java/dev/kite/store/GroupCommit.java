package dev.kite.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.config.KiteConfig;
import dev.kite.fault.TransientFailures;

/**
 * The group commit of Kite's hot-path writes (executions' inserts and state changes, audit rows):
 * writes queued while a transaction is in flight are written together in the next one, with one
 * batch per statement, in the order the statements first came. The transaction is pipelined: its
 * BEGIN and batches are sent together, then COMMIT: two round trips to PostgreSQL, not one per
 * statement and two more.
 * At low load every write is its own statement (no BEGIN and COMMIT at all); under load, many share
 * a commit. A caller's {@code Uni} completes only once its write is durable. When a shared
 * transaction fails on something no retry passes (a value PostgreSQL refuses), each of its writes
 * is tried again on its own, so that one bad write fails alone.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Concurrent group-commit transactions. */
    private static final int MAX_FLUSHES = 4;

    @Inject
    Pool pool;

    @Inject
    KiteConfig config;

    @Inject
    MeterRegistry metrics;

    private Counter commits;
    private Counter writes;

    private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flushing = new AtomicInteger();

    private record Write(String sql, Tuple tuple, UniEmitter<? super Boolean> done) {
    }

    /** A group commit stays within the changes a transaction announces one by one. */
    void check(@Observes StartupEvent start) {
        int size = config.engine().writeBatchSize();
        if (size < 1 || size > ExecutionNotices.LIMIT) {
            throw new IllegalStateException("kite.engine.write-batch-size must be from 1 to " + ExecutionNotices.LIMIT + " (the most changes "
                    + "a transaction announces one by one to the live streams), but is " + size);
        }
    }

    @PostConstruct
    void meters() {
        commits = Counter.builder("kite_store_commits_total")
                .description("Transactions that committed executions' state changes and audit rows (a group commit holds many)")
                .register(metrics);
        writes = Counter.builder("kite_store_writes_total")
                .description("Writes of the group commit (executions' inserts and fenced updates, audit rows)").register(metrics);
    }

    /** Runs {@code sql} with {@code tuple} in the next group commit; true when it touched a row. */
    public Uni<Boolean> write(String sql, Tuple tuple) {
        return Uni.createFrom().emitter(em -> {
            queue.add(new Write(sql, tuple, em));
            maybeFlush();
        });
    }

    private void maybeFlush() {
        while (!queue.isEmpty()) {
            int n = flushing.get();
            if (n >= MAX_FLUSHES) {
                return;
            }
            if (flushing.compareAndSet(n, n + 1)) {
                flush();
                return;
            }
        }
    }

    private void flush() {
        int max = config.engine().writeBatchSize();
        List<Write> batch = new ArrayList<>();
        Write w;
        while (batch.size() < max && (w = queue.poll()) != null) {
            batch.add(w);
        }
        if (batch.isEmpty()) {
            flushing.decrementAndGet();
            maybeFlush();
            return;
        }
        Map<String, List<Write>> bySql = new LinkedHashMap<>();
        for (Write b : batch) {
            bySql.computeIfAbsent(b.sql, k -> new ArrayList<>()).add(b);
        }
        List<Write> ordered = new ArrayList<>(batch.size());
        bySql.values().forEach(ordered::addAll);
        // one write is one statement, atomic on its own: no BEGIN and COMMIT round trips around it
        Uni<List<Boolean>> written = batch.size() == 1 ? single(batch.get(0))
                : pool.withConnection(conn -> inOneTransaction(conn.getDelegate(), new ArrayList<>(bySql.values()), batch.size()));
        written.subscribe().with(results -> {
            flushing.decrementAndGet();
            commits.increment();
            writes.increment(batch.size());
            for (int i = 0; i < ordered.size(); i++) {
                ordered.get(i).done.complete(results.get(i));
            }
            maybeFlush();
        }, failure -> {
            flushing.decrementAndGet();
            LOG.debugf(failure, "group commit of %d writes failed", batch.size());
            if (batch.size() > 1 && !TransientFailures.isTransient(failure)) {
                for (Write b : batch) {
                    single(b).subscribe().with(r -> b.done.complete(r.get(0)), b.done::fail);
                }
            } else {
                for (Write b : batch) {
                    b.done.fail(failure);
                }
            }
            maybeFlush();
        });
    }

    private Uni<List<Boolean>> single(Write w) {
        return pool.preparedQuery(w.sql).execute(w.tuple).map(rs -> List.of(rs.rowCount() > 0));
    }

    /**
     * The statements' batches in one transaction on {@code conn}, their results in order. BEGIN
     * and the batches are all sent before any answer comes (the client pipelines them on the
     * connection, in the order given); once they are all answered, COMMIT goes, or ROLLBACK if any
     * failed: two round trips, whatever the number of statements. Deciding on the answers, not
     * sending COMMIT blindly behind them, keeps the group atomic also when a batch fails in the
     * client before it is sent (a parameter it cannot encode): PostgreSQL would not have seen that
     * failure, and would have committed the rest. The connection goes back to the pool only after
     * the COMMIT's or ROLLBACK's answer.
     */
    private static Uni<List<Boolean>> inOneTransaction(io.vertx.sqlclient.SqlConnection conn, List<List<Write>> groups, int size) {
        List<Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>>> sent = new ArrayList<>(groups.size() + 1);
        sent.add(conn.query("BEGIN").execute());
        for (List<Write> writes : groups) {
            List<io.vertx.sqlclient.Tuple> tuples = new ArrayList<>(writes.size());
            writes.forEach(w -> tuples.add(w.tuple.getDelegate()));
            sent.add(conn.preparedQuery(writes.get(0).sql).executeBatch(tuples));
        }
        Future<List<Boolean>> done = Future.join(sent).transform(all -> {
            Throwable failed = sent.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(null);
            return conn.query(failed == null ? "COMMIT" : "ROLLBACK").execute().transform(end -> {
                if (failed != null) {
                    return Future.failedFuture(failed);
                }
                if (end.failed()) {
                    return Future.failedFuture(end.cause());
                }
                List<Boolean> applied = new ArrayList<>(size);
                for (int g = 1; g <= groups.size(); g++) {
                    for (io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rs = sent.get(g).result(); rs != null; rs = rs.next()) {
                        applied.add(rs.rowCount() > 0);
                    }
                }
                return Future.succeededFuture(applied);
            });
        });
        return UniHelper.toUni(done);
    }
}
