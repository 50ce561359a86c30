package dev.kite.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a condition with a bound: tests never sleep to assert timing. */
final class Poll {

    private Poll() {
    }

    /**
     * Lets {@code window} pass, for a test that checks something does not happen (a retry after an
     * abort): the window must be longer than the time it would take to happen.
     */
    static void quietFor(Duration window) {
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code value} every 100 ms until it is non-null, or fails after {@code max}. */
    static <T> T until(Duration max, String what, Supplier<T> value) {
        Instant end = Instant.now().plus(max);
        RuntimeException last = null;
        while (true) {
            try {
                T v = value.get();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e; // e.g. Kite not answering while it restarts
            }
            if (Instant.now().isAfter(end)) {
                AssertionError e = new AssertionError("timed out after " + max + " waiting for " + what);
                if (last != null) {
                    e.addSuppressed(last);
                }
                throw e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
