package dev.kite.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Response;

import dev.kite.config.KiteConfig;
import dev.kite.data.DataValues;
import dev.kite.model.Canonical;
import dev.kite.model.TaskId;

/**
 * Memoized outputs in Redis. Entries live under {@code <prefix>c:<key>} with a TTL; each task has
 * an index set {@code <prefix>ci:<project>/<domain>/<name>} of {@code <cacheVersion>|<key>}
 * members for eviction by task. Reservations for serialized runs live under
 * {@code <prefix>r:<key>}, holding the owning execution id.
 *
 * <p>Calls go through {@link RedisCalls}, the cache's own client on an event loop of its own,
 * bounded by {@code kite.cache.call-timeout} and judged by one circuit breaker
 * ({@link RedisHealth}): during an outage calls fail at once and the engine runs the task without
 * the cache. Calls are not retried here; the memoizer decides what a failure means.
 */
@ApplicationScoped
public class OutputCache implements CacheStore {

    private static final Logger LOG = Logger.getLogger(OutputCache.class);

    /** Stores the entry and indexes it under its task; the index lives as long as its longest entry. */
    private static final String PUT = "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
            + "redis.call('sadd', KEYS[2], ARGV[3]) "
            + "if redis.call('pttl', KEYS[2]) < tonumber(ARGV[2]) then redis.call('pexpire', KEYS[2], ARGV[2]) end "
            + "return 1";
    /** Takes a free reservation, or renews the caller's own: repeating a lost call is harmless. */
    private static final String RESERVE = "local v = redis.call('get', KEYS[1]) "
            + "if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end "
            + "if v then return 0 end "
            + "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1";
    /** Extends a reservation only while the caller still owns it. */
    private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    /**
     * Removes the indexed entries of a task, all versions ({@code ARGV[1] == '1'}) or one
     * ({@code ARGV[2]}); members end in the 64-digit key. Atomic, so that a concurrent put is
     * either removed with its index member or keeps both.
     */
    private static final String EVICT_TASK = "local n = 0 "
            + "for _, m in ipairs(redis.call('smembers', KEYS[1])) do "
            + "  if ARGV[1] == '1' or string.sub(m, 1, -66) == ARGV[2] then "
            + "    n = n + redis.call('del', ARGV[3] .. string.sub(m, -64)) "
            + "    redis.call('srem', KEYS[1], m) "
            + "  end "
            + "end "
            + "return n";

    @Inject
    RedisCalls calls;

    @Inject
    KiteConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    DataValues dataValues;

    @Inject
    MeterRegistry registry;

    private Counter dangling;
    private dev.kite.fault.CallTimes lookupTimes;

    @PostConstruct
    void init() {
        dangling = Counter.builder("kite.cache.dangling")
                .description("Cache entries not used because data they refer to was deleted").register(registry);
        lookupTimes = new dev.kite.fault.CallTimes(registry, "kite_cache_lookup", "Cache entry reads in Redis, by result (hit, miss, failure)");
    }

    @Override
    public boolean reachable() {
        return calls.reachable();
    }

    private String entryKey(String key) {
        return config.cache().keyPrefix() + "c:" + key;
    }

    private String reservationKey(String key) {
        return config.cache().keyPrefix() + "r:" + key;
    }

    private String indexKey(TaskId id) {
        return config.cache().keyPrefix() + "ci:" + id.project() + "/" + id.domain() + "/" + id.name();
    }

    private Uni<Response> call(String command, String... args) {
        return calls.call(command, args);
    }

    /**
     * The entry under {@code key}; empty when there is none, it cannot be read, or data it refers
     * to (an offloaded value, a blob or dataset in a store) is gone: such an entry is no hit.
     */
    @Override
    public Uni<Optional<Entry>> get(String key) {
        long start = System.nanoTime();
        return read(key).onItemOrFailure().invoke((found, f) -> lookupTimes.timer("result",
                        f != null ? "failure" : found.isPresent() ? "hit" : "miss")
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS)).chain(found -> found.isEmpty() ? Uni.createFrom().item(found)
                : dataValues.available(found.get().outputs())
                        .onFailure().recoverWithItem(false)
                        .map(there -> {
                            if (!there) {
                                LOG.debugf("cache entry %s refers to data that is gone; treated as a miss", key);
                                dangling.increment();
                            }
                            return there ? found : Optional.<Entry>empty();
                        }));
    }

    /** The execution whose outputs the entry under {@code key} holds, whatever they refer to. */
    public Uni<Optional<UUID>> source(String key) {
        return read(key).map(found -> found.map(Entry::execution));
    }

    private Uni<Optional<Entry>> read(String key) {
        return call("GET", entryKey(key)).map(r -> {
            if (r == null) {
                return Optional.empty();
            }
            try {
                JsonNode n = mapper.readTree(r.toString());
                JsonNode outputs = n.get("outputs");
                if (outputs == null || !outputs.isObject()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry((ObjectNode) outputs, UUID.fromString(n.get("execution").asText()),
                        Instant.parse(n.get("storedAt").asText())));
            } catch (JsonProcessingException | RuntimeException e) {
                return Optional.empty(); // an unreadable entry is a miss; the run overwrites it
            }
        });
    }

    /**
     * Stores outputs, replacing any entry under {@code key}. Fails with
     * {@link CacheEntryTooLargeException} over {@code kite.cache.max-entry-bytes} and with
     * {@link CacheUnavailableException} when Redis does not take it.
     */
    @Override
    public Uni<Void> put(TaskId task, String cacheVersion, String key, ObjectNode outputs, UUID execution, Duration ttl) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.set("outputs", outputs);
        entry.put("execution", execution.toString());
        entry.put("storedAt", Instant.now().toString());
        entry.set("task", task.toJson());
        String value = Canonical.json(entry);
        int size = value.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.cache().maxEntryBytes()) {
            return Uni.createFrom().failure(new CacheEntryTooLargeException("the entry takes " + size
                    + " bytes, more than kite.cache.max-entry-bytes (" + config.cache().maxEntryBytes() + "); not stored"));
        }
        long ms = (ttl == null ? config.cache().defaultTtl() : ttl).toMillis();
        return call("EVAL", PUT, "2", entryKey(key), indexKey(task), value, String.valueOf(ms), cacheVersion + "|" + key)
                .replaceWithVoid();
    }

    @Override
    public Uni<Boolean> reserve(String key, UUID owner) {
        return call("EVAL", RESERVE, "1", reservationKey(key), owner.toString(),
                String.valueOf(config.cache().reservationTtl().toMillis()))
                .map(r -> r != null && r.toLong() == 1);
    }

    /** Extends the caller's reservation; false when it no longer holds it. */
    @Override
    public Uni<Boolean> heartbeat(String key, UUID owner) {
        return call("EVAL", EXTEND, "1", reservationKey(key), owner.toString(),
                String.valueOf(config.cache().reservationTtl().toMillis()))
                .map(r -> r != null && r.toLong() == 1);
    }

    /** Gives the reservation up, if the caller holds it. */
    @Override
    public Uni<Void> release(String key, UUID owner) {
        return call("EVAL", RELEASE, "1", reservationKey(key), owner.toString()).replaceWithVoid();
    }

    /** The project of the task whose entry is under {@code key}; empty when there is none (or it cannot be read). */
    public Uni<Optional<String>> project(String key) {
        return call("GET", entryKey(key)).map(r -> {
            if (r == null) {
                return Optional.empty();
            }
            try {
                String project = mapper.readTree(r.toString()).path("task").path("project").asText(null);
                return Optional.ofNullable(project);
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** Removes one entry by key; returns how many were removed (0 or 1). */
    public Uni<Long> evictKey(String key) {
        return call("DEL", entryKey(key)).map(Response::toLong);
    }

    /**
     * Removes the entries of a task (of one cache version, when given); returns how many were
     * removed (entries that had already expired are not counted).
     */
    public Uni<Long> evictTask(TaskId task, String cacheVersion) {
        return call("EVAL", EVICT_TASK, "1", indexKey(task), cacheVersion == null ? "1" : "0",
                cacheVersion == null ? "" : cacheVersion, config.cache().keyPrefix() + "c:")
                .map(Response::toLong);
    }
}
