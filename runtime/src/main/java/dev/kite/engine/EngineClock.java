package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the engine sees it: the current instant and one-shot timers. Production runs on Vert.x
 * timers ({@link VertxClock}); the engine's unit tests drive a clock by hand, so that backoff,
 * timeouts and deadlines are tested without waiting for them.
 */
public interface EngineClock {

    Instant now();

    /** Runs {@code action} once, no earlier than {@code delayMillis} from now; returns the timer id. */
    long schedule(long delayMillis, Runnable action);

    /** Cancels a timer; a fired or unknown id is ignored. */
    void cancel(long timer);

    /**
     * Milliseconds for a timer to fire no earlier than {@code at}: rounded up, since a timeout that
     * fires a fraction of a millisecond early ends an attempt before its time.
     */
    default long millisUntil(Instant at) {
        long nanos = Duration.between(now(), at).toNanos();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
