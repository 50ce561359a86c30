package dev.kite.cache;

/** Redis did not answer in time or answered with an error. */
public class CacheUnavailableException extends RuntimeException {

    public CacheUnavailableException(String message) {
        super(message);
    }
}
