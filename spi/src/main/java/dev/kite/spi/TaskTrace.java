package dev.kite.spi;

import java.util.Optional;

/**
 * The trace of the plugin call in progress, for a plugin to join it without depending on a tracing
 * library: the W3C {@code traceparent} to hand on (an HTTP header, a pod's or a child process's
 * {@code TRACEPARENT} variable), and child spans for the remote calls the plugin makes (an HTTP
 * request, an SQL statement, a Kubernetes API call). When tracing is off every method is a no-op:
 * {@link #traceparent()} is empty and {@link #span} answers a span that records nothing.
 */
public interface TaskTrace {

    /** The environment variable a pod or child process gets the traceparent in (OpenTelemetry's convention). */
    String ENV = "TRACEPARENT";

    /** The trace of a context that is not traced (tracing off, or a context made by a test). */
    TaskTrace NONE = new TaskTrace() {
        @Override
        public Optional<String> traceparent() {
            return Optional.empty();
        }

        @Override
        public Span span(String name) {
            return Span.NONE;
        }
    };

    /** The W3C trace context of the plugin call, {@code 00-<trace id>-<span id>-<flags>}; empty when not traced. */
    Optional<String> traceparent();

    /**
     * Starts a child span of the plugin call, e.g. {@code span("HTTP POST")}; the caller ends it with
     * {@link Span#close()} (also when the call completes asynchronously).
     */
    Span span(String name);

    /** A span a plugin started. Not thread-safe; end it once. */
    interface Span extends AutoCloseable {

        /** A span that records nothing. */
        Span NONE = new Span() {
            @Override
            public Span attribute(String key, String value) {
                return this;
            }

            @Override
            public Span attribute(String key, long value) {
                return this;
            }

            @Override
            public void failed(Throwable error) {
            }

            @Override
            public Optional<String> traceparent() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };

        Span attribute(String key, String value);

        Span attribute(String key, long value);

        /** Marks the span failed with {@code error} (recorded as an exception event). */
        void failed(Throwable error);

        /** This span's W3C trace context, to hand to the remote side of the call it measures. */
        Optional<String> traceparent();

        /** Ends the span. */
        @Override
        void close();
    }
}
