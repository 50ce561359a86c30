package dev.kite.server.cache;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The cache tests against the shared Redis: a small entry cap (so that one test can exceed it)
 * and short reservations (so that a dead holder's reservation expires within a test).
 */
public class CacheTestProfile implements QuarkusTestProfile {

    /** The entry cap of these tests, in bytes. */
    static final int MAX_ENTRY_BYTES = 4096;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kite.cache.max-entry-bytes", String.valueOf(MAX_ENTRY_BYTES),
                "kite.cache.reservation-ttl", "3s",
                "kite.cache.wait-poll-interval", "100ms");
    }
}
