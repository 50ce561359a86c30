package dev.kite.spi;

/**
 * Thrown by task code (a {@code @KiteTask} method) when another attempt may succeed. Any other
 * exception from task code is a USER error that is not retried.
 */
public class RecoverableException extends RuntimeException {

    public RecoverableException(String message) {
        super(message);
    }

    public RecoverableException(String message, Throwable cause) {
        super(message, cause);
    }
}
