package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.cache.CacheStore;
import dev.kite.cache.CacheUnavailableException;
import dev.kite.model.TaskId;

/**
 * {@link CacheStore} in memory, with reservations held by an owner, and trouble on demand:
 * {@link #slowCalls} next calls time out while the cache stays reachable (a slow Redis);
 * {@link #dead} makes every call fail and the cache unreachable (a dead Redis);
 * {@link #loseReserveAnswers} carries reservations out but loses their answers (they time out).
 */
final class InMemoryCache implements CacheStore {

    final Map<String, Entry> entries = new HashMap<>();
    final Map<String, UUID> reservations = new HashMap<>();
    volatile int slowCalls;
    volatile boolean dead;
    /** When set, a reservation call is carried out, but its caller sees a timeout. */
    volatile boolean loseReserveAnswers;
    int heartbeats;
    /** When set, stores fail (and only stores). */
    volatile boolean failPuts;
    int puts;

    private synchronized <T> Uni<T> call(java.util.function.Supplier<T> op) {
        if (dead) {
            return Uni.createFrom().failure(new CacheUnavailableException("Redis failed: Connection refused"));
        }
        if (slowCalls > 0) {
            slowCalls--;
            return Uni.createFrom().failure(new CacheUnavailableException("Redis did not answer within 1s", true));
        }
        return Uni.createFrom().item(op.get());
    }

    @Override
    public Uni<Optional<Entry>> get(String key) {
        return call(() -> Optional.ofNullable(entries.get(key)));
    }

    @Override
    public Uni<Void> put(TaskId task, String cacheVersion, String key, ObjectNode outputs, UUID execution, Duration ttl) {
        if (failPuts) {
            return Uni.createFrom().failure(new CacheUnavailableException("Redis EVAL failed: OOM"));
        }
        return call(() -> {
            puts++;
            entries.put(key, new Entry(outputs, execution, Instant.EPOCH));
            return null;
        });
    }

    @Override
    public Uni<Boolean> reserve(String key, UUID owner) {
        Uni<Boolean> reserved = call(() -> {
            UUID holder = reservations.putIfAbsent(key, owner);
            return holder == null || holder.equals(owner);
        });
        return !loseReserveAnswers ? reserved : reserved.chain(x -> Uni.createFrom().failure(
                new CacheUnavailableException("Redis did not answer EVAL within 1s", true)));
    }

    @Override
    public Uni<Boolean> heartbeat(String key, UUID owner) {
        return call(() -> {
            heartbeats++;
            return owner.equals(reservations.get(key));
        });
    }

    @Override
    public Uni<Void> release(String key, UUID owner) {
        return call(() -> {
            reservations.remove(key, owner);
            return null;
        });
    }

    @Override
    public boolean reachable() {
        return !dead;
    }
}
