package dev.kite.plugin.http;

import dev.kite.spi.TaskError;

/**
 * A request that did not give a usable answer, with its typed error and what the caller may do
 * about it: count it against the host's circuit breaker, retry it in place.
 */
final class HttpFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TaskError error;
    private final boolean hostFault;
    private final boolean retryInPlace;

    HttpFailure(TaskError error, boolean hostFault, boolean retryInPlace) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
        this.hostFault = hostFault;
        this.retryInPlace = retryInPlace;
    }

    /** The task's fault (bad config, a 4xx, a blocked host): not retried, not the host's fault. */
    static HttpFailure user(String code, String message) {
        return new HttpFailure(TaskError.user(code, message), false, false);
    }

    /** The host failed (connection, timeout, 5xx): counts against its breaker; may be retried in place. */
    static HttpFailure host(TaskError error) {
        return new HttpFailure(error, true, true);
    }

    TaskError error() {
        return error;
    }

    /** Whether the host's circuit breaker counts this failure. */
    boolean hostFault() {
        return hostFault;
    }

    /** Whether an operation may be tried again at once (with a short backoff). */
    boolean retryInPlace() {
        return retryInPlace;
    }
}
