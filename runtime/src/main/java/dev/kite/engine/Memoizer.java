package dev.kite.engine;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 *
 * <p>Metrics: {@code kite_cache_lookups_total{result=hit|miss|failure|skipped}} (one per cacheable
 * execution, by how its cache step ended), {@code kite_cache_puts_total{result=stored|failure}}
 * and {@code kite_cache_waits_total} (executions that waited in {@code WAITING_FOR_CACHE}).
 */
@ApplicationScoped
class Memoizer {

    private static final Logger LOG = Logger.getLogger(Memoizer.class);

    @Inject
    OutputCache cache;

    @Inject
    KiteConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    /** Reservation heartbeats of the executions this process runs for a serialized key. */
    private final Map<UUID, Long> heartbeats = new ConcurrentHashMap<>();

    private Counter hits;
    private Counter misses;
    private Counter lookupFailures;
    private Counter skipped;
    private Counter stored;
    private Counter putFailures;
    private Counter waits;

    @PostConstruct
    void meters() {
        hits = lookups("hit");
        misses = lookups("miss");
        lookupFailures = lookups("failure");
        skipped = lookups("skipped");
        stored = puts("stored");
        putFailures = puts("failure");
        waits = Counter.builder("kite.cache.waits")
                .description("Executions that waited in WAITING_FOR_CACHE for an identical execution")
                .register(registry);
    }

    private Counter lookups(String result) {
        return Counter.builder("kite.cache.lookups").tag("result", result)
                .description("Cache steps of cacheable executions, by outcome").register(registry);
    }

    private Counter puts(String result) {
        return Counter.builder("kite.cache.puts").tag("result", result)
                .description("Stores of outputs in the cache, by outcome").register(registry);
    }

    void beforeFirstAttempt(Engine engine, Run run) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null) {
            setStatus(run, CacheStatus.DISABLED);
            engine.runFirstAttempt(run);
            return;
        }
        run.cacheKey = CacheKeys.key(run.task, run.inputs);
        if (run.overwriteCache) {
            skipped.increment();
            setStatus(run, CacheStatus.SKIPPED);
            engine.runFirstAttempt(run);
            return;
        }
        cache.get(run.cacheKey).subscribe().with(found -> {
            if (found.isPresent()) {
                hit(engine, run, found.get());
            } else if (policy.serialize()) {
                reserveOrWait(engine, run);
            } else {
                miss(engine, run);
            }
        }, failure -> lookupFailed(engine, run, failure));
    }

    private static void setStatus(Run run, CacheStatus status) {
        synchronized (run) {
            run.cacheStatus = status;
        }
    }

    private static void event(Run run, String phase, String message) {
        synchronized (run) {
            run.event(null, phase, message);
        }
    }

    private void hit(Engine engine, Run run, OutputCache.Entry entry) {
        hits.increment();
        event(run, "CACHE_HIT", "outputs of execution " + entry.execution() + ", stored at " + entry.storedAt());
        engine.completeFromCache(run, entry.outputs(), entry.execution());
    }

    private void miss(Engine engine, Run run) {
        misses.increment();
        setStatus(run, CacheStatus.MISS);
        engine.runFirstAttempt(run);
    }

    private void lookupFailed(Engine engine, Run run, Throwable failure) {
        LOG.debugf("cache lookup of %s failed: %s", run.id, failure);
        lookupFailures.increment();
        synchronized (run) {
            run.cacheStatus = CacheStatus.LOOKUP_FAILURE;
            run.event(null, "CACHE_LOOKUP_FAILURE", failure.getMessage() + "; the task runs without the cache");
        }
        engine.runFirstAttempt(run);
    }

    private void reserveOrWait(Engine engine, Run run) {
        cache.reserve(run.cacheKey, run.id).subscribe().with(mine -> {
            if (mine) {
                reserved(engine, run);
            } else if (run.phase != Phase.WAITING_FOR_CACHE) {
                startWaiting(engine, run);
            } else {
                waitForEntry(engine, run);
            }
        }, failure -> lookupFailed(engine, run, failure));
    }

    /**
     * The reservation is ours. The previous holder may have stored its outputs and released the
     * reservation between our lookup and our reservation: look again before running, or the task
     * would run twice.
     */
    private void reserved(Engine engine, Run run) {
        cache.get(run.cacheKey).subscribe().with(found -> {
            if (found.isPresent()) {
                cache.release(run.cacheKey, run.id).subscribe().with(x -> { }, f -> { });
                hit(engine, run, found.get());
                return;
            }
            holdReservation(run);
            if (run.phase == Phase.WAITING_FOR_CACHE) {
                event(run, "CACHE_RESERVATION_TAKEN",
                        "the identical execution ended without outputs or stopped; this execution runs the task");
            }
            miss(engine, run);
        }, failure -> {
            holdReservation(run); // released when the run ends, so that waiters do not run it too
            lookupFailed(engine, run, failure);
        });
    }

    private void startWaiting(Engine engine, Run run) {
        waits.increment();
        synchronized (run) {
            run.phase = Phase.WAITING_FOR_CACHE;
            run.event(null, Phase.WAITING_FOR_CACHE.name(), "an identical execution is running; waiting for its outputs");
        }
        engine.persist(run).subscribe().with(applied -> {
            if (applied) {
                waitForEntry(engine, run);
            }
        }, f -> {
            // the phase is only shown late; waiting on is better than leaving the run stranded
            LOG.warnf("could not persist that %s waits for the cache: %s", run.id, f);
            waitForEntry(engine, run);
        });
    }

    private void waitForEntry(Engine engine, Run run) {
        vertx.setTimer(config.cache().waitPollInterval().toMillis(), t -> {
            if (run.phase.isTerminal() || run.finished.isDone()) {
                return; // aborted, timed out or taken by another process while waiting
            }
            cache.get(run.cacheKey).subscribe().with(found -> {
                if (found.isPresent()) {
                    hit(engine, run, found.get());
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

    /**
     * Stores the outputs of a successful run; a failure only changes the cache status. After a
     * failed lookup the status stays {@code LOOKUP_FAILURE}, whatever the store does (an event
     * tells).
     */
    Uni<Void> afterSuccess(Engine engine, Run run, ObjectNode outputs) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null || run.cacheKey == null) {
            return Uni.createFrom().voidItem();
        }
        return cache.put(run.task.id(), policy.version(), run.cacheKey, outputs, run.id, policy.ttl())
                .invoke(() -> {
                    stored.increment();
                    synchronized (run) {
                        if (run.cacheStatus == CacheStatus.LOOKUP_FAILURE) {
                            run.event(null, "CACHE_STORED", "the outputs were stored although the lookup had failed");
                        } else if (run.cacheStatus != CacheStatus.SKIPPED) {
                            run.cacheStatus = CacheStatus.POPULATED;
                        }
                    }
                })
                .onFailure().recoverWithUni(f -> {
                    putFailures.increment();
                    synchronized (run) {
                        if (run.cacheStatus != CacheStatus.LOOKUP_FAILURE) {
                            run.cacheStatus = CacheStatus.PUT_FAILURE;
                        }
                        run.event(null, "CACHE_PUT_FAILURE", f.getMessage());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** The run ended (any phase): give up its reservation so that a waiter may take over. */
    void afterEnd(Engine engine, Run run) {
        Long timer = heartbeats.remove(run.id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        // after a failed call the reservation may have been taken all the same (the answer was
        // lost, not the command): releasing what is not ours deletes nothing
        boolean mayHold = timer != null || run.cacheStatus == CacheStatus.LOOKUP_FAILURE
                && run.task.metadata().cache() != null && run.task.metadata().cache().serialize();
        if (mayHold && run.cacheKey != null) {
            cache.release(run.cacheKey, run.id).subscribe().with(x -> { }, f -> { });
        }
    }
}
