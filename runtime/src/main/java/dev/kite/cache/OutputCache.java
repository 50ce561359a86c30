package dev.kite.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import dev.kite.config.KiteConfig;
import dev.kite.model.Canonical;
import dev.kite.model.TaskId;

/**
 * Memoized outputs in Redis. Entries live under {@code <prefix>c:<key>} with a TTL; each task has
 * an index set {@code <prefix>ci:<project>/<domain>/<name>} of {@code <cacheVersion>|<key>}
 * members for eviction by task. Reservations for serialized runs live under
 * {@code <prefix>r:<key>}, holding the owning execution id.
 *
 * <p>Every call is bounded by a short timeout: Redis trouble makes a call fail fast, and the
 * engine then runs the task without the cache.
 */
@ApplicationScoped
public class OutputCache {

    /** A stored result. */
    public record Entry(ObjectNode outputs, UUID execution, Instant storedAt) {
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    /** Extends a reservation only while the caller still owns it. */
    private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    KiteConfig config;

    @Inject
    ObjectMapper mapper;

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
        return redis.execute(command, args).ifNoItem().after(CALL_TIMEOUT)
                .failWith(() -> new CacheUnavailableException("Redis did not answer " + command + " within " + CALL_TIMEOUT));
    }

    public Uni<Optional<Entry>> get(String key) {
        return call("GET", entryKey(key)).map(r -> {
            if (r == null) {
                return Optional.empty();
            }
            try {
                JsonNode n = mapper.readTree(r.toString());
                return Optional.of(new Entry((ObjectNode) n.get("outputs"), UUID.fromString(n.get("execution").asText()),
                        Instant.parse(n.get("storedAt").asText())));
            } catch (JsonProcessingException | RuntimeException e) {
                return Optional.empty(); // an unreadable entry is a miss; the run overwrites it
            }
        });
    }

    /**
     * Stores outputs. Fails with {@link CacheEntryTooLargeException} over the configured size cap.
     */
    public Uni<Void> put(TaskId task, String cacheVersion, String key, ObjectNode outputs, UUID execution, Duration ttl) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.set("outputs", outputs);
        entry.put("execution", execution.toString());
        entry.put("storedAt", Instant.now().toString());
        entry.set("task", task.toJson());
        String value = Canonical.json(entry);
        int size = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > config.cache().maxEntryBytes()) {
            return Uni.createFrom().failure(new CacheEntryTooLargeException(
                    "the outputs take " + size + " bytes; kite.cache.max-entry-bytes is " + config.cache().maxEntryBytes()));
        }
        long ms = (ttl == null ? config.cache().defaultTtl() : ttl).toMillis();
        return call("SET", entryKey(key), value, "PX", String.valueOf(ms))
                .chain(() -> call("SADD", indexKey(task), cacheVersion + "|" + key))
                .chain(() -> call("PEXPIRE", indexKey(task), String.valueOf(Math.max(ms, config.cache().defaultTtl().toMillis()))))
                .replaceWithVoid();
    }

    /** Tries to take the reservation for {@code key}; true when the caller now holds it. */
    public Uni<Boolean> reserve(String key, UUID owner) {
        return call("SET", reservationKey(key), owner.toString(), "NX", "PX",
                String.valueOf(config.cache().reservationTtl().toMillis()))
                .map(r -> r != null && "OK".equals(r.toString()));
    }

    /** Extends the caller's reservation; false when it no longer holds it. */
    public Uni<Boolean> heartbeat(String key, UUID owner) {
        return call("EVAL", EXTEND, "1", reservationKey(key), owner.toString(),
                String.valueOf(config.cache().reservationTtl().toMillis()))
                .map(r -> r != null && r.toLong() == 1);
    }

    /** Gives the reservation up, if the caller holds it. */
    public Uni<Void> release(String key, UUID owner) {
        return call("EVAL", RELEASE, "1", reservationKey(key), owner.toString()).replaceWithVoid();
    }

    /** Removes one entry by key; returns how many were removed (0 or 1). */
    public Uni<Long> evictKey(String key) {
        return call("DEL", entryKey(key)).map(Response::toLong);
    }

    /**
     * Removes the entries of a task (of one cache version, when given); returns how many existed.
     */
    public Uni<Long> evictTask(TaskId task, String cacheVersion) {
        String index = indexKey(task);
        return call("SMEMBERS", index).chain(members -> {
            List<String> entries = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            for (Response m : members) {
                String member = m.toString();
                int bar = member.lastIndexOf('|');
                if (cacheVersion == null || member.substring(0, bar).equals(cacheVersion)) {
                    entries.add(entryKey(member.substring(bar + 1)));
                    gone.add(member);
                }
            }
            if (entries.isEmpty()) {
                return Uni.createFrom().item(0L);
            }
            List<String> srem = new ArrayList<>();
            srem.add(index);
            srem.addAll(gone);
            return call("DEL", entries.toArray(String[]::new)).map(Response::toLong)
                    .call(() -> call("SREM", srem.toArray(String[]::new)));
        });
    }
}
