package dev.kite.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import dev.kite.cache.CacheKeys;
import dev.kite.cache.CacheStore;
import dev.kite.cache.CacheUnavailableException;
import dev.kite.config.KiteConfig;
import dev.kite.model.CachePolicy;

/**
 * Memoization, answering decisions the engine acts on: before the first attempt
 * {@link #decide} says hit, run or wait ({@link CacheDecision}); after success the outputs are
 * stored; at the end a serialization reservation is given up. It records cache status and events
 * on the run and never calls the engine. Serialized runs take a reservation in the cache; while
 * the cache is judged alive a call that only timed out is repeated instead of running the task a
 * second time (the reservation call is idempotent for its holder); only a cache judged down
 * ({@link CacheStore#reachable}) or a trouble lasting longer than a reservation's lifetime makes
 * the task run without it ({@code LOOKUP_FAILURE}). Cache trouble never fails a task.
 *
 * <p>Metrics: {@code kite_cache_lookups_total{result=hit|miss|failure|skipped}} (one per cacheable
 * execution, by how its cache step ended), {@code kite_cache_puts_total{result=stored|failure}}
 * and {@code kite_cache_waits_total} (executions that waited in {@code WAITING_FOR_CACHE}).
 */
final class Memoizer {

    private static final Logger LOG = Logger.getLogger(Memoizer.class);
    private static final int PUT_TRIES = 3;

    private final CacheStore cache;
    private final KiteConfig.Cache config;
    private final Timers timers;
    /** Reservation heartbeats of the executions this process runs for a serialized key. */
    private final Map<UUID, Long> heartbeats = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter lookupFailures;
    private final Counter skipped;
    private final Counter stored;
    private final Counter putFailures;
    private final Counter waits;

    Memoizer(CacheStore cache, KiteConfig.Cache config, Timers timers, MeterRegistry registry) {
        this.cache = cache;
        this.config = config;
        this.timers = timers;
        hits = lookups(registry, "hit");
        misses = lookups(registry, "miss");
        lookupFailures = lookups(registry, "failure");
        skipped = lookups(registry, "skipped");
        stored = puts(registry, "stored");
        putFailures = puts(registry, "failure");
        waits = Counter.builder("kite.cache.waits")
                .description("Executions that waited in WAITING_FOR_CACHE for an identical execution").register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("kite.cache.lookups").tag("result", result)
                .description("Cache steps of cacheable executions, by outcome").register(registry);
    }

    private static Counter puts(MeterRegistry registry, String result) {
        return Counter.builder("kite.cache.puts").tag("result", result)
                .description("Stores of outputs in the cache, by outcome").register(registry);
    }

    /** The cache step before the first attempt, and again after each wait. Never fails. */
    Uni<CacheDecision> decide(Run run) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null) {
            setStatus(run, CacheStatus.DISABLED);
            return Uni.createFrom().item(CacheDecision.RUN);
        }
        if (run.cacheKey == null) {
            run.cacheKey = CacheKeys.key(run.task, run.inputs);
        }
        if (run.overwriteCache) {
            skipped.increment();
            setStatus(run, CacheStatus.SKIPPED);
            return Uni.createFrom().item(CacheDecision.RUN);
        }
        Uni<Optional<CacheStore.Entry>> lookup;
        synchronized (run) {
            // what the lookup before the run was written saw (lookUpFirst) is not asked a second time
            lookup = run.firstLookupFailure != null ? Uni.createFrom().failure(run.firstLookupFailure)
                    : run.missedFirst ? Uni.createFrom().item(Optional.empty()) : cache.get(run.cacheKey);
            run.missedFirst = false;
            run.firstLookupFailure = null;
        }
        Uni<CacheDecision> step = lookup.chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(hit(run, found.get()));
            }
            return policy.serialize() ? reserveOrWait(run) : Uni.createFrom().item(miss(run));
        });
        return step.onFailure().recoverWithUni(f -> troubled(run, policy, f));
    }

    /**
     * The lookup of a new run, before it is written (decision 0038): the cached entry when there
     * is one (nothing is counted or recorded yet: {@link #recordHit}, then {@link #countHit} once
     * the run is written), else null. A miss or a failure is remembered: {@link #decide} acts on
     * it as on its own first lookup, without asking the cache again. A run that does not look up
     * (no cache policy, overwriteCache) leaves {@link #decide} the whole step, and so does a
     * cache judged down: the submission is not held for a call that would fail.
     */
    Uni<CacheStore.Entry> lookUpFirst(Run run) {
        if (run.task.metadata().cache() == null || run.overwriteCache || !cache.reachable()) {
            return Uni.createFrom().nullItem();
        }
        run.cacheKey = CacheKeys.key(run.task, run.inputs);
        return cache.get(run.cacheKey).map(found -> {
            if (found.isEmpty()) {
                synchronized (run) {
                    run.missedFirst = true;
                }
            }
            return found.orElse(null);
        }).onFailure().recoverWithItem(f -> {
            synchronized (run) {
                run.firstLookupFailure = f;
            }
            return null;
        });
    }

    private Uni<CacheDecision> reserveOrWait(Run run) {
        synchronized (run) {
            run.mayHoldReservation = true;
        }
        return cache.reserve(run.cacheKey, run.id).chain(mine -> mine ? reserved(run) : Uni.createFrom().item(waiting(run)));
    }

    /**
     * The reservation is ours. The previous holder may have stored its outputs and released the
     * reservation between our lookup and our reservation: look again before running, or the task
     * would run twice.
     */
    private Uni<CacheDecision> reserved(Run run) {
        return cache.get(run.cacheKey).map(found -> {
            if (found.isPresent()) {
                cache.release(run.cacheKey, run.id).subscribe().with(x -> { }, f -> { });
                return hit(run, found.get());
            }
            holdReservation(run);
            if (run.phase() == Phase.WAITING_FOR_CACHE) {
                event(run, "CACHE_RESERVATION_TAKEN",
                        "the identical execution ended without outputs or stopped; this execution runs the task");
            }
            return miss(run);
        });
    }

    private CacheDecision waiting(Run run) {
        synchronized (run) {
            if (!run.cacheWaited) {
                run.cacheWaited = true;
                waits.increment();
            }
        }
        return CacheDecision.WAIT;
    }

    /** A cache call failed: repeat the step while the cache is only slow, else run without it. */
    private Uni<CacheDecision> troubled(Run run, CachePolicy policy, Throwable failure) {
        Instant now = timers.clock().now();
        boolean slow = failure instanceof CacheUnavailableException u && u.slow();
        synchronized (run) {
            if (run.cacheTroubleSince == null) {
                run.cacheTroubleSince = now;
            }
        }
        boolean patient = now.isBefore(run.cacheTroubleSince.plus(config.reservationTtl()));
        if (run.isReleased()) {
            return Uni.createFrom().item(CacheDecision.RUN); // gone meanwhile: the engine ignores it
        }
        if (policy.serialize() && slow && cache.reachable() && patient) {
            LOG.debugf("cache step of %s is slow (%s); trying again", run.id, failure.getMessage());
            return Uni.createFrom().emitter(em -> timers.after(config.waitPollInterval().toMillis(),
                    () -> decide(run).subscribe().with(em::complete, em::fail)));
        }
        LOG.debugf("cache lookup of %s failed: %s", run.id, failure);
        lookupFailures.increment();
        boolean mayHold;
        synchronized (run) {
            run.cacheStatus = CacheStatus.LOOKUP_FAILURE;
            run.event(null, "CACHE_LOOKUP_FAILURE", failure.getMessage() + "; the task runs without the cache");
            mayHold = run.mayHoldReservation;
        }
        if (mayHold) {
            // a reservation call whose answer was lost may have taken the reservation all the same:
            // keep it alive while the task runs (the heartbeat extends only what is ours), so that
            // the identical executions waiting for it do not take over and run the task again
            holdReservation(run);
        }
        return Uni.createFrom().item(CacheDecision.RUN);
    }

    private CacheDecision hit(Run run, CacheStore.Entry entry) {
        countHit();
        synchronized (run) {
            recordHit(run, entry);
        }
        return new CacheDecision.Hit(entry.outputs(), entry.execution());
    }

    /** The run takes its outputs from {@code entry}: its cache status, source and event (call under the run's lock). */
    static void recordHit(Run run, CacheStore.Entry entry) {
        run.cacheStatus = CacheStatus.HIT;
        run.cacheSource = entry.execution();
        run.event(null, "CACHE_HIT", "outputs of execution " + entry.execution() + ", stored at " + entry.storedAt());
    }

    void countHit() {
        hits.increment();
    }

    private CacheDecision miss(Run run) {
        misses.increment();
        setStatus(run, CacheStatus.MISS);
        return CacheDecision.RUN;
    }

    private void holdReservation(Run run) {
        if (run.isReleased()) {
            afterEnd(run); // ended while the reservation was being taken: give it up at once
            return;
        }
        long every = Math.max(100, config.reservationTtl().toMillis() / 3);
        Long previous = heartbeats.put(run.id, -1L);
        if (previous == null) {
            beat(run, every);
        }
    }

    private void beat(Run run, long every) {
        long timer = timers.clock().schedule(every, () -> {
            if (!heartbeats.containsKey(run.id)) {
                return;
            }
            if (run.isReleased()) {
                afterEnd(run); // never keep a reservation alive for a run that left this process
                return;
            }
            cache.heartbeat(run.cacheKey, run.id).subscribe().with(held -> {
                if (!held) {
                    LOG.debugf("execution %s lost its cache reservation", run.id);
                }
            }, f -> LOG.debugf("reservation heartbeat of %s failed: %s", run.id, f));
            beat(run, every);
        });
        if (heartbeats.replace(run.id, timer) == null) {
            timers.clock().cancel(timer); // ended meanwhile
        }
    }

    /**
     * Stores the outputs of a successful run, trying again while the cache is only slow; a
     * failure only changes the cache status. After a failed lookup the status stays
     * {@code LOOKUP_FAILURE}, whatever the store does (an event tells).
     */
    Uni<Void> afterSuccess(Run run, ObjectNode outputs) {
        CachePolicy policy = run.task.metadata().cache();
        if (policy == null || run.cacheKey == null) {
            return Uni.createFrom().voidItem();
        }
        return put(run, policy, outputs, 1);
    }

    private Uni<Void> put(Run run, CachePolicy policy, ObjectNode outputs, int tryNumber) {
        return cache.put(run.task.id(), policy.version(), run.cacheKey, outputs, run.id, policy.ttl())
                .invoke(() -> storedOutputs(run))
                .onFailure().recoverWithUni(f -> {
                    if (f instanceof CacheUnavailableException u && u.slow() && cache.reachable() && tryNumber < PUT_TRIES) {
                        return put(run, policy, outputs, tryNumber + 1);
                    }
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

    private void storedOutputs(Run run) {
        stored.increment();
        synchronized (run) {
            if (run.cacheStatus == CacheStatus.LOOKUP_FAILURE) {
                run.event(null, "CACHE_STORED", "the outputs were stored although the lookup had failed");
            } else if (run.cacheStatus != CacheStatus.SKIPPED) {
                run.cacheStatus = CacheStatus.POPULATED;
            }
        }
    }

    /** The run ended (any phase) or left this process: give up its reservation so that a waiter may take over. */
    void afterEnd(Run run) {
        Long timer = heartbeats.remove(run.id);
        if (timer != null && timer >= 0) {
            timers.clock().cancel(timer);
        }
        // after a failed or repeated call the reservation may be ours all the same (the answer was
        // lost, not the command): releasing what is not ours deletes nothing
        if (run.mayHoldReservation && run.cacheKey != null) {
            cache.release(run.cacheKey, run.id).subscribe().with(x -> { }, f -> { });
        }
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
}
