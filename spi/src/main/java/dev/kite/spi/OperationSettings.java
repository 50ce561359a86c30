package dev.kite.spi;

import java.time.Duration;

import dev.kite.model.RetryBackoff;

/**
 * The operator's settings for single plugin operations ({@code kite.guards.*}), for a plugin that
 * makes calls of its own inside one submit, poll or cancel and wants to stay within the engine's
 * guard: inject it as a bean. The engine retries whole operations itself; use these to size
 * in-place retries, per-target circuit breakers and request timeouts consistently with it.
 */
public interface OperationSettings {

    /** How long one plugin operation (run, submit, poll, cancel) may take before the engine cuts it off. */
    Duration pluginTimeout();

    /** How often the engine retries a failed plugin operation in place, after the first try. */
    int pluginRetries();

    /** The backoff between in-place retries of one operation (initial and max delay, factor, jitter). */
    RetryBackoff retryBackoff();

    /** The circuit-breaker settings of plugin operations. */
    CircuitBreaker circuitBreaker();

    /**
     * A rolling-window circuit breaker.
     *
     * @param volume       calls in the window
     * @param failureRatio share of failed calls in the window that opens the breaker
     * @param delay        how long an open breaker refuses calls before a trial call
     */
    record CircuitBreaker(int volume, double failureRatio, Duration delay) {
    }
}
