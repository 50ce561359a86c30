package dev.kite.engine;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import dev.kite.cache.CacheKeys;
import dev.kite.cache.OutputCache;
import dev.kite.config.KiteConfig;
import dev.kite.model.CachePolicy;

/**
 * The engine side of memoization (DESIGN.md §6): lookup before the first attempt, store after
 * success, and serialized runs through Redis reservations. Redis trouble never blocks or fails a
 * task: it runs, with {@code LOOKUP_FAILURE} or {@code PUT_FAILURE}.
 */
@ApplicationScoped
class Memoizer {

    private static final Logger LOG = Logger.getLogger(Memoizer.class);
    private static final Duration WAIT_POLL = Duration.ofMillis(200);

    @Inject
    OutputCache cache;

    @Inject
    KiteConfig config;

    @Inject
    Vertx vertx;

    /** Reservation heartbeats of the executions this process runs for a serialized key. */
    private final Map<UUID, Long> heartbeats = new ConcurrentHashMap<>();

    void beforeFirstAttempt(Engine engine, Run run) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null) {
            run.cacheStatus = CacheStatus.DISABLED;
            engine.runFirstAttempt(run);
            return;
        }
        run.cacheKey = CacheKeys.key(run.task, run.inputs);
        if (run.overwriteCache) {
            run.cacheStatus = CacheStatus.SKIPPED;
            engine.runFirstAttempt(run);
            return;
        }
        cache.get(run.cacheKey).subscribe().with(found -> {
            if (found.isPresent()) {
                engine.completeFromCache(run, found.get().outputs(), found.get().execution());
            } else {
                run.cacheStatus = CacheStatus.MISS;
                if (policy.serialize()) {
                    reserveOrWait(engine, run);
                } else {
                    engine.runFirstAttempt(run);
                }
            }
        }, failure -> lookupFailed(engine, run, failure));
    }

    private void lookupFailed(Engine engine, Run run, Throwable failure) {
        LOG.debugf("cache lookup of %s failed: %s", run.id, failure);
        run.cacheStatus = CacheStatus.LOOKUP_FAILURE;
        run.event(null, "CACHE_LOOKUP_FAILURE", failure.getMessage());
        engine.runFirstAttempt(run);
    }

    private void reserveOrWait(Engine engine, Run run) {
        cache.reserve(run.cacheKey, run.id).subscribe().with(mine -> {
            if (mine) {
                holdReservation(run);
                if (run.phase == Phase.WAITING_FOR_CACHE) {
                    run.event(null, "CACHE_RESERVATION_TAKEN", "the previous holder is gone; this execution runs the task");
                }
                engine.runFirstAttempt(run);
            } else if (run.phase != Phase.WAITING_FOR_CACHE) {
                run.phase = Phase.WAITING_FOR_CACHE;
                run.event(null, Phase.WAITING_FOR_CACHE.name(), "an identical execution is running; waiting for its outputs");
                engine.persist(run).subscribe().with(applied -> {
                    if (applied) {
                        waitForEntry(engine, run);
                    }
                }, f -> LOG.warnf("could not persist %s: %s", run.id, f));
            } else {
                waitForEntry(engine, run);
            }
        }, failure -> lookupFailed(engine, run, failure));
    }

    private void waitForEntry(Engine engine, Run run) {
        vertx.setTimer(WAIT_POLL.toMillis(), t -> {
            if (run.phase.isTerminal()) {
                return;
            }
            cache.get(run.cacheKey).subscribe().with(found -> {
                if (found.isPresent()) {
                    engine.completeFromCache(run, found.get().outputs(), found.get().execution());
                } else {
                    reserveOrWait(engine, run);
                }
            }, failure -> lookupFailed(engine, run, failure));
        });
    }

    private void holdReservation(Run run) {
        long every = Math.max(100, config.cache().reservationTtl().toMillis() / 3);
        long timer = vertx.setPeriodic(every, t -> cache.heartbeat(run.cacheKey, run.id).subscribe().with(
                held -> {
                    if (!held) {
                        LOG.debugf("execution %s lost its cache reservation", run.id);
                    }
                }, f -> LOG.debugf("reservation heartbeat of %s failed: %s", run.id, f)));
        Long previous = heartbeats.put(run.id, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    /** Stores the outputs of a successful run; a failure only changes the cache status. */
    Uni<Void> afterSuccess(Engine engine, Run run, ObjectNode outputs) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null || run.cacheKey == null) {
            return Uni.createFrom().voidItem();
        }
        return cache.put(run.task.id(), policy.version(), run.cacheKey, outputs, run.id, policy.ttl())
                .invoke(() -> {
                    if (run.cacheStatus != CacheStatus.SKIPPED) {
                        run.cacheStatus = CacheStatus.POPULATED;
                    }
                })
                .onFailure().recoverWithUni(f -> {
                    run.cacheStatus = CacheStatus.PUT_FAILURE;
                    run.event(null, "CACHE_PUT_FAILURE", f.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The run ended (any phase): give up its reservation so that a waiter may take over. */
    void afterEnd(Engine engine, Run run) {
        Long timer = heartbeats.remove(run.id);
        if (timer != null) {
            vertx.cancelTimer(timer);
            cache.release(run.cacheKey, run.id).subscribe().with(x -> { }, f -> { });
        }
    }
}
