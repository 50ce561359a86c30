package dev.kite.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.TaskId;

/**
 * What memoization needs of the output cache: entries, and the reservations that serialize
 * identical runs. {@link OutputCache} keeps them in Redis; the engine's unit tests in memory.
 * Failures are {@link CacheUnavailableException}s.
 */
public interface CacheStore {

    /** A stored result. */
    record Entry(ObjectNode outputs, UUID execution, Instant storedAt) {
    }

    /** The entry under {@code key}; empty when there is none or it cannot be read. */
    Uni<Optional<Entry>> get(String key);

    /** Stores outputs, replacing any entry under {@code key}. */
    Uni<Void> put(TaskId task, String cacheVersion, String key, ObjectNode outputs, UUID execution, Duration ttl);

    /**
     * Takes the reservation for {@code key}; true when the caller holds it now, also when it
     * held it already (so a call whose answer was lost can be repeated safely).
     */
    Uni<Boolean> reserve(String key, UUID owner);

    /** Extends the caller's reservation; false when it no longer holds it. */
    Uni<Boolean> heartbeat(String key, UUID owner);

    /** Gives the reservation up, if the caller holds it. */
    Uni<Void> release(String key, UUID owner);

    /**
     * False while the cache is judged down (its breaker is open): a failure then means "run
     * without the cache", not "try again".
     */
    boolean reachable();
}
