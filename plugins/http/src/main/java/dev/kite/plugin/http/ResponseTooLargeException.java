package dev.kite.plugin.http;

/** A response body passed the size cap; reading stopped there. */
final class ResponseTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    ResponseTooLargeException(long limit) {
        super("the response body is larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
