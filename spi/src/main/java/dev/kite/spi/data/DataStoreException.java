package dev.kite.spi.data;

/**
 * A data-store operation failed. {@link #transientFailure()} tells a passing fault (a network
 * error, a throttled request: worth retrying) from a lasting one (no such object, access denied, a
 * scheme no store serves).
 */
public class DataStoreException extends RuntimeException {

    private final boolean transientFailure;

    public DataStoreException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public DataStoreException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    /** Whether trying again may succeed. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
