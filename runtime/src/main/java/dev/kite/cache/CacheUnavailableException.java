package dev.kite.cache;

/** Redis did not answer in time, answered with an error, or is judged down by its breaker. */
public class CacheUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean slow;

    public CacheUnavailableException(String message) {
        this(message, false);
    }

    public CacheUnavailableException(String message, boolean slow) {
        super(message);
        this.slow = slow;
    }

    /** True when Redis only did not answer in time (it may still be alive and merely slow). */
    public boolean slow() {
        return slow;
    }
}
