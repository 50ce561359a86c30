package dev.kite.data;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.cache.OutputCache;

/**
 * Applies the retention of ended executions, per project and domain, in two passes:
 * <ul>
 * <li><b>data</b>: past {@code kite.storage.retention}, the raw outputs (and offloaded values) are
 * deleted and {@code executions.data_deleted_at} records it, so that it happens once;</li>
 * <li><b>history</b>: past {@code kite.storage.history-retention}, the execution's record itself is
 * deleted, with its raw outputs if they are still there and its compiled graph if it was dynamic
 * (its children are records of their own: they ended before it, so they go by the same rule).</li>
 * </ul>
 * Either pass leaves alone an execution whose outputs a cache entry still serves: a hit hands out
 * references to that data and names the execution as its source; the next sweep looks again.
 * Each pass walks its candidates in batches by {@code (updated_at, id)}, so that kept executions
 * do not hide later ones, and deletes in one statement per batch: ended rows only, never a lock
 * on the executions the engine is working on.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    static final int BATCH = 200;
    private static final OffsetDateTime EPOCH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

    /** An ended execution past a retention. */
    record Candidate(UUID id, String project, String domain, String name, String cacheKey, boolean dataDeleted,
            OffsetDateTime updatedAt) {
    }

    /** One scope's pass: which executions, and what is done to a batch of them. */
    private enum Pass {
        DATA("and data_deleted_at is null "), HISTORY("");

        final String filter;

        Pass(String filter) {
            this.filter = filter;
        }
    }

    @Inject
    Pool pool;

    @Inject
    DataStores data;

    @Inject
    OutputCache cache;

    @Scheduled(every = "${kite.storage.retention-sweep-interval:PT1H}", delayed = "${kite.storage.retention-sweep-interval:PT1H}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().onFailure().invoke(f -> LOG.warnf("retention sweep failed: %s", f.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * One sweep of both passes over every scope; returns how many executions lost their data or
     * their record. The scopes come from the task registry (small), not from the executions.
     */
    public Uni<Integer> sweep() {
        return pool.preparedQuery("select distinct project, domain from tasks").execute().map(rows -> {
            List<String[]> scopes = new ArrayList<>();
            for (Row r : rows) {
                scopes.add(new String[] {r.getString(0), r.getString(1)});
            }
            return scopes;
        }).chain(scopes -> Multi.createFrom().iterable(scopes)
                .onItem().transformToUniAndConcatenate(s -> pass(Pass.DATA, s[0], s[1], data.retention(s[0], s[1]))
                        .chain(a -> pass(Pass.HISTORY, s[0], s[1], data.historyRetention(s[0], s[1])).map(b -> a + b)))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    }

    private Uni<Integer> pass(Pass pass, String project, String domain, Optional<Duration> retention) {
        if (retention.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return batches(pass, project, domain, retention.get(), EPOCH, new UUID(0, 0), 0);
    }

    private Uni<Integer> batches(Pass pass, String project, String domain, Duration retention, OffsetDateTime afterTime,
            UUID afterId, int sofar) {
        return candidates(pass, project, domain, retention, afterTime, afterId).chain(found -> {
            Uni<Integer> done = pass == Pass.DATA ? expireData(found) : expireHistory(found);
            return done.chain(n -> {
                if (found.size() < BATCH) {
                    return Uni.createFrom().item(sofar + n);
                }
                Candidate last = found.get(found.size() - 1);
                return batches(pass, project, domain, retention, last.updatedAt(), last.id(), sofar + n);
            });
        });
    }

    private Uni<List<Candidate>> candidates(Pass pass, String project, String domain, Duration retention,
            OffsetDateTime afterTime, UUID afterId) {
        return pool.preparedQuery("select id, name, cache_key, data_deleted_at is not null, updated_at from executions "
                        + "where done " + pass.filter + "and project = $1 and domain = $2 "
                        + "and updated_at < now() - make_interval(secs => $3) and (updated_at, id) > ($4, $5) "
                        + "order by updated_at, id limit $6")
                .execute(Tuple.from(new Object[] {project, domain, retention.toMillis() / 1000.0, afterTime, afterId, BATCH}))
                .map(rows -> {
                    List<Candidate> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(new Candidate(r.getUUID(0), project, domain, r.getString(1), r.getString(2),
                                r.getBoolean(3), r.getOffsetDateTime(4)));
                    }
                    return found;
                });
    }

    /** Deletes the data of those the cache does not hold and marks them; returns how many. */
    private Uni<Integer> expireData(List<Candidate> found) {
        return releasable(found).chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                : pool.preparedQuery("update executions set data_deleted_at = now() where id = any($1)")
                        .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rs -> rs.rowCount()));
    }

    /** Deletes the records (and any data left) of those the cache does not hold; returns how many. */
    private Uni<Integer> expireHistory(List<Candidate> found) {
        return releasable(found).chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                : pool.preparedQuery("with graphs as (delete from execution_graphs where execution = any($1)) "
                        + "delete from executions where done and id = any($1)")
                        .execute(Tuple.of(ids.toArray(UUID[]::new)))
                        .invoke(rs -> LOG.debugf("deleted the records of %d ended executions past retention", rs.rowCount()))
                        .map(rs -> rs.rowCount()));
    }

    /** The ids of those whose data is gone now (deleted here, or before): the cache holds none of it. */
    private Uni<List<UUID>> releasable(List<Candidate> found) {
        return Multi.createFrom().iterable(found).onItem().transformToUniAndConcatenate(this::release)
                .collect().asList().map(ids -> ids.stream().flatMap(Optional::stream).toList());
    }

    private Uni<Optional<UUID>> release(Candidate c) {
        Uni<Boolean> held = c.cacheKey() == null ? Uni.createFrom().item(false)
                : cache.source(c.cacheKey()).map(source -> source.isPresent() && source.get().equals(c.id()));
        return held.chain(kept -> {
            if (kept) {
                LOG.debugf("keeping %s: its cache entry still holds its outputs", c.id());
                return Uni.createFrom().item(Optional.<UUID>empty());
            }
            if (c.dataDeleted()) {
                return Uni.createFrom().item(Optional.of(c.id()));
            }
            return data.deletePrefix(data.executionPrefix(c.project(), c.domain(), c.name(), c.id()))
                    .invoke(n -> LOG.debugf("deleted %d objects of %s past retention", n, c.id()))
                    .replaceWith(Optional.of(c.id()));
        }).onFailure().invoke(f -> LOG.warnf("could not apply the retention to %s: %s", c.id(), f.toString()))
                .onFailure().recoverWithItem(Optional.empty());
    }
}
