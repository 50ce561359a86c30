package dev.kite.tasks.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

import dev.kite.config.KiteConfig;
import dev.kite.fault.Backoff;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.TaskError;

/**
 * Per-host rate limits and concurrency quotas shared by every Kite process through Redis.
 *
 * <ul>
 *   <li>Rate: a token bucket per host in a hash {@code <prefix>http:rate:<host>}, refilled and taken
 *       in one Lua script on Redis's clock, so that processes with skewed clocks share it fairly.</li>
 *   <li>Concurrency: a counting semaphore per host, a sorted set {@code <prefix>http:slots:<host>} of
 *       slot ids scored by lease expiry. Taking a slot first drops expired leases, so the slots of a
 *       dead process come back after {@code kite.http.slot-lease}; a live process renews its slots
 *       every third of the lease.</li>
 * </ul>
 * Waiting for a token or a slot polls with Kite's backoff until the attempt's deadline. When Redis
 * does not answer, requests go through unlimited (logged): the remote host's protection degrades,
 * Kite keeps working — the same choice as the output cache.
 */
@ApplicationScoped
public class HostQuotas {

    private static final Logger LOG = Logger.getLogger(HostQuotas.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    private static final RetryBackoff WAIT = new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(250), 1.5, 0.5);

    private static final String TAKE_TOKEN = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(v[1])
            local ts = tonumber(v[2])
            if tokens == nil or ts == nil then tokens = burst; ts = now end
            tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 60000)
            return wait
            """;

    private static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
              return 1
            end
            return 0
            """;

    private static final String RENEW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lease = tonumber(ARGV[1])
            for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i]) end
            redis.call('PEXPIRE', KEYS[1], lease * 2)
            return 0
            """;

    /** A held concurrency slot (or none, when no quota applies). Release once. */
    public interface Slot {
        void release();
    }

    private static final Slot NONE = () -> {
    };

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    HttpConfig config;

    @Inject
    KiteConfig kite;

    @Inject
    Vertx vertx;

    /** Held slot id → its Redis key, renewed periodically. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private long renewTimer = -1;
    private volatile long lastWarning;

    @PostConstruct
    void start() {
        long every = Math.max(100, config.slotLease().toMillis() / 3);
        renewTimer = vertx.setPeriodic(every, id -> renew());
    }

    @PreDestroy
    void stop() {
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
    }

    /** The limits of a host and the name they are configured under, or null when none apply. */
    record Limits(String key, HttpConfig.HostLimits limits) {
    }

    Limits limitsFor(String host, int port) {
        Map<String, HttpConfig.HostLimits> hosts = config.hosts();
        for (String key : new String[] {host + ":" + port, host, "*"}) {
            HttpConfig.HostLimits l = hosts.get(key);
            if (l != null) {
                return new Limits(key, l);
            }
        }
        return null;
    }

    /** Completes when a request to the host may start under its rate limit. */
    Uni<Void> token(Limits limits, Instant deadline) {
        if (limits == null || limits.limits().ratePerSecond().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        double rate = limits.limits().ratePerSecond().getAsDouble();
        int burst = limits.limits().burst().orElse((int) Math.max(1, Math.ceil(rate)));
        String key = kite.cache().keyPrefix() + "http:rate:" + limits.key();
        return Uni.createFrom().deferred(() -> call("EVAL", TAKE_TOKEN, "1", key, String.valueOf(rate), String.valueOf(burst)))
                .map(r -> r == null ? 0L : r.toLong())
                .onFailure().recoverWithItem(f -> {
                    unavailable(f);
                    return 0L;
                })
                .chain(wait -> {
                    if (wait <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    if (Instant.now().plusMillis(wait).isAfter(deadline)) {
                        return Uni.createFrom().failure(waitedTooLong("a request token", limits));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait))
                            .chain(() -> token(limits, deadline));
                });
    }

    /** A slot of the host's concurrency quota, waited for until {@code deadline}. */
    Uni<Slot> slot(Limits limits, Instant deadline) {
        if (limits == null || limits.limits().maxConcurrent().isEmpty()) {
            return Uni.createFrom().item(NONE);
        }
        String key = kite.cache().keyPrefix() + "http:slots:" + limits.key();
        return trySlot(key, limits, deadline, 0, new SplittableRandom());
    }

    private Uni<Slot> trySlot(String key, Limits limits, Instant deadline, int tries, SplittableRandom random) {
        String id = UUID.randomUUID().toString();
        int max = limits.limits().maxConcurrent().getAsInt();
        long lease = config.slotLease().toMillis();
        return Uni.createFrom().<Slot>emitter(em -> {
            AtomicBoolean done = new AtomicBoolean();
            em.onTermination(() -> done.set(true)); // the caller went away (abort, timeout)
            call("EVAL", ACQUIRE, "1", key, String.valueOf(max), String.valueOf(lease), id).subscribe().with(r -> {
                boolean acquired = r != null && r.toLong() == 1;
                Slot slot = acquired ? holding(key, id) : null;
                if (!done.compareAndSet(false, true)) {
                    if (slot != null) {
                        slot.release(); // nobody will use it
                    }
                    return;
                }
                em.complete(slot);
            }, f -> {
                unavailable(f);
                if (done.compareAndSet(false, true)) {
                    em.complete(NONE);
                }
            });
        }).chain(slot -> {
            if (slot != null) {
                return Uni.createFrom().item(slot);
            }
            Duration wait = Backoff.delay(WAIT, tries, random);
            if (Instant.now().plus(wait).isAfter(deadline)) {
                return Uni.createFrom().failure(waitedTooLong("a concurrency slot", limits));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                    .chain(() -> trySlot(key, limits, deadline, tries + 1, random));
        });
    }

    private Slot holding(String key, String id) {
        held.put(id, key);
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                held.remove(id);
                call("ZREM", key, id).subscribe().with(r -> { }, this::unavailable);
            }
        };
    }

    private void renew() {
        if (held.isEmpty()) {
            return;
        }
        Map<String, List<String>> byKey = new ConcurrentHashMap<>();
        held.forEach((id, key) -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(id));
        byKey.forEach((key, ids) -> {
            List<String> args = new ArrayList<>(List.of(RENEW, "1", key, String.valueOf(config.slotLease().toMillis())));
            args.addAll(ids);
            call("EVAL", args.toArray(String[]::new)).subscribe().with(r -> { }, this::unavailable);
        });
    }

    private HttpFailure waitedTooLong(String what, Limits limits) {
        return new HttpFailure(TaskError.system("HTTP_QUOTA", "no " + what + " for host " + limits.key()
                + " before the attempt's deadline (kite.http.hosts.\"" + limits.key() + "\")"), false, false);
    }

    private Uni<Response> call(String command, String... args) {
        return redis.execute(command, args).ifNoItem().after(CALL_TIMEOUT)
                .failWith(() -> new IllegalStateException("Redis did not answer " + command + " within " + CALL_TIMEOUT));
    }

    private void unavailable(Throwable f) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 30_000) {
            lastWarning = now;
            LOG.warnf("per-host limits are not enforced while Redis fails: %s", f.toString());
        }
    }
}
