package dev.kite.engine;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the memoizer answers before the first attempt; the engine acts on it. {@link Hit}: the
 * outputs of an identical execution, the plugin is not called. {@link RunTask}: run the task (a
 * miss, the reservation taken, no cache, or the cache unavailable). {@link Wait}: an identical
 * serialized execution runs elsewhere; ask again after {@code kite.cache.wait-poll-interval}.
 */
sealed interface CacheDecision {

    record Hit(ObjectNode outputs, UUID source) implements CacheDecision {
    }

    record RunTask() implements CacheDecision {
    }

    record Wait() implements CacheDecision {
    }

    CacheDecision RUN = new RunTask();
    CacheDecision WAIT = new Wait();
}
