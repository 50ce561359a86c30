package dev.kite.cache;

/** The outputs are larger than an entry may be; they are not stored. */
public class CacheEntryTooLargeException extends RuntimeException {

    public CacheEntryTooLargeException(String message) {
        super(message);
    }
}
