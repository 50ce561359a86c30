package dev.kite.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Why an attempt failed.
 *
 * @param kind        USER or SYSTEM: which retry budget a recoverable error uses
 * @param recoverable whether another attempt may succeed; a non-recoverable error fails the
 *                    execution at once whatever the budgets
 * @param code        a short machine-readable code, e.g. {@code OOMKilled}, {@code HTTP_503}
 * @param message     what happened, for a person
 * @param retryAfter  the least time to wait before the next attempt, or null: a recoverable error
 *                    may carry the remote side's wish (an HTTP {@code Retry-After}); the engine then
 *                    waits for the longer of this and its own backoff. Ignored when the error is not
 *                    recoverable or no retry is left.
 */
public record TaskError(ErrorKind kind, boolean recoverable, String code, String message, Duration retryAfter) {

    public TaskError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
        retryAfter = retryAfter == null || retryAfter.isNegative() || retryAfter.isZero() ? null : retryAfter;
    }

    /** An error without a retry-after hint. */
    public TaskError(ErrorKind kind, boolean recoverable, String code, String message) {
        this(kind, recoverable, code, message, null);
    }

    /** This error, asking the engine to wait at least {@code wait} before the next attempt. */
    public TaskError withRetryAfter(Duration wait) {
        return new TaskError(kind, recoverable, code, message, wait);
    }

    /** A USER error that another attempt may fix (uses the task's retries). */
    public static TaskError userRecoverable(String code, String message) {
        return new TaskError(ErrorKind.USER, true, code, message);
    }

    /** A USER error that no retry fixes (bad input, bad config): fails at once. */
    public static TaskError user(String code, String message) {
        return new TaskError(ErrorKind.USER, false, code, message);
    }

    /** A SYSTEM error that another attempt may fix (uses the system budget). */
    public static TaskError system(String code, String message) {
        return new TaskError(ErrorKind.SYSTEM, true, code, message);
    }

    /** A SYSTEM error that no retry fixes: fails at once. */
    public static TaskError systemFatal(String code, String message) {
        return new TaskError(ErrorKind.SYSTEM, false, code, message);
    }
}
