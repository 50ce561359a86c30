package dev.kite.plugin.http;

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

import dev.kite.spi.Backoff;
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
 * In front of Redis, callers of this process queue in memory: one at a time asks for a token, and
 * at most {@code max-concurrent} ask for slots (polling with Kite's backoff until the attempt's
 * deadline), so that hundreds of waiting executions cost Redis nothing. When Redis does not answer,
 * Kite keeps working (logged) with the limits held per process only: the rate is not enforced, the
 * concurrency quota holds in each process — the output cache makes the same choice.
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
    private static final Slot NOT_FREE = () -> {
    };

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    HttpConfig config;

    @Inject
    Vertx vertx;

    /** Per limits key: local queues in front of Redis (one token taker, max-concurrent slot takers). */
    private final Map<String, LocalPermits> tokenGates = new ConcurrentHashMap<>();
    private final Map<String, LocalPermits> slotGates = new ConcurrentHashMap<>();

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

    /**
     * Completes when a request to the host may start under its rate limit. Callers of this process
     * queue locally and ask Redis one at a time, so that waiting costs Redis nothing.
     */
    Uni<Void> token(Limits limits, Instant deadline) {
        if (limits == null || limits.limits().ratePerSecond().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LocalPermits gate = tokenGates.computeIfAbsent(limits.key(), k -> new LocalPermits(1));
        return gate.acquire().chain(done -> takeToken(limits, deadline).eventually(done));
    }

    private Uni<Void> takeToken(Limits limits, Instant deadline) {
        double rate = limits.limits().ratePerSecond().getAsDouble();
        int burst = limits.limits().burst().orElse((int) Math.max(1, Math.ceil(rate)));
        String key = config.keyPrefix() + "http:rate:" + limits.key();
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
                            .chain(() -> takeToken(limits, deadline));
                });
    }

    /**
     * A slot of the host's concurrency quota, waited for until {@code deadline}. Callers of this
     * process first take one of {@code max-concurrent} local permits (this process can never use
     * more slots than that), so only that many poll Redis; and while Redis fails, the quota still
     * holds per process.
     */
    Uni<Slot> slot(Limits limits, Instant deadline) {
        if (limits == null || limits.limits().maxConcurrent().isEmpty()) {
            return Uni.createFrom().item(NONE);
        }
        int max = limits.limits().maxConcurrent().getAsInt();
        String key = config.keyPrefix() + "http:slots:" + limits.key();
        LocalPermits gate = slotGates.computeIfAbsent(limits.key(), k -> new LocalPermits(max));
        return gate.acquire().chain(local -> trySlot(key, limits, deadline, 0, new SplittableRandom())
                .map(remote -> (Slot) () -> {
                    remote.release();
                    local.run();
                })
                .onFailure().invoke(local)
                .onCancellation().invoke(local));
    }

    private Uni<Slot> trySlot(String key, Limits limits, Instant deadline, int tries, SplittableRandom random) {
        String id = UUID.randomUUID().toString();
        int max = limits.limits().maxConcurrent().getAsInt();
        long lease = config.slotLease().toMillis();
        Uni<Slot> asked = call("EVAL", ACQUIRE, "1", key, String.valueOf(max), String.valueOf(lease), id)
                .map(r -> r != null && r.toLong() == 1 ? holding(key, id) : NOT_FREE)
                .onFailure().recoverWithItem(f -> {
                    unavailable(f);
                    return NONE;
                });
        return LocalPermits.handOver(() -> asked, Slot::release).chain(slot -> {
            if (slot != NOT_FREE) {
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
