package dev.kite.data;

import java.time.Duration;
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
 * Deletes the raw outputs (and offloaded values) of ended executions past the retention of their
 * project and domain ({@code kite.storage.retention}, {@code kite.storage.scopes."..".retention}),
 * except those whose outputs a cache entry still holds: they are looked at again by the next sweep.
 * Each deletion is recorded in {@code executions.data_deleted_at}, so that it happens once.
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    private static final int BATCH = 200;

    /** An execution whose data may be deleted. */
    record Candidate(UUID id, String project, String domain, String name, String cacheKey) {
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

    /** One sweep; returns how many executions' data it deleted. */
    public Uni<Integer> sweep() {
        return pool.preparedQuery("select distinct project, domain from executions where done and data_deleted_at is null")
                .execute().map(rows -> {
                    List<String[]> scopes = new ArrayList<>();
                    for (Row r : rows) {
                        scopes.add(new String[] {r.getString(0), r.getString(1)});
                    }
                    return scopes;
                })
                .chain(scopes -> Multi.createFrom().iterable(scopes)
                        .onItem().transformToUniAndConcatenate(s -> sweep(s[0], s[1]))
                        .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    }

    private Uni<Integer> sweep(String project, String domain) {
        Optional<Duration> retention = data.retention(project, domain);
        if (retention.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("select id, name, cache_key from executions where done and data_deleted_at is null "
                        + "and project = $1 and domain = $2 and updated_at < now() - make_interval(secs => $3) limit $4")
                .execute(Tuple.of(project, domain, retention.get().toMillis() / 1000.0, BATCH))
                .map(rows -> {
                    List<Candidate> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(new Candidate(r.getUUID(0), project, domain, r.getString(1), r.getString(2)));
                    }
                    return found;
                })
                .chain(found -> Multi.createFrom().iterable(found).onItem().transformToUniAndConcatenate(this::expire)
                        .collect().asList().map(done -> (int) done.stream().filter(b -> b).count()));
    }

    private Uni<Boolean> expire(Candidate c) {
        Uni<Boolean> held = c.cacheKey() == null ? Uni.createFrom().item(false)
                : cache.source(c.cacheKey()).map(source -> source.isPresent() && source.get().equals(c.id()));
        return held.chain(kept -> {
            if (kept) {
                LOG.debugf("keeping the data of %s: its cache entry still holds its outputs", c.id());
                return Uni.createFrom().item(false);
            }
            return data.deletePrefix(data.executionPrefix(c.project(), c.domain(), c.name(), c.id()))
                    .chain(n -> pool.preparedQuery("update executions set data_deleted_at = now() where id = $1")
                            .execute(Tuple.of(c.id())).invoke(() -> LOG.debugf("deleted %d objects of %s past retention", n, c.id()))
                            .replaceWith(true));
        }).onFailure().invoke(f -> LOG.warnf("could not delete the data of %s: %s", c.id(), f.toString()))
                .onFailure().recoverWithItem(false);
    }
}
