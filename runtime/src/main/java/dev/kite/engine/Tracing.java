package dev.kite.engine;

import java.util.Optional;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import dev.kite.spi.TaskTrace;

/**
 * The spans of the engine, on OpenTelemetry's API: one per execution (a child of the submitting
 * request's span when there is one), one per attempt under it, one per plugin call under its
 * attempt, and the plugins' own spans under their call ({@link TaskTrace}). Built without a tracer
 * when tracing is off ({@code quarkus.otel.sdk.disabled=true}, the default): then every method
 * answers null or {@link TaskTrace#NONE} at once, and nothing is allocated on the engine's path.
 */
final class Tracing {

    static final AttributeKey<String> EXECUTION = AttributeKey.stringKey("kite.execution.id");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("kite.task");
    static final AttributeKey<String> TYPE = AttributeKey.stringKey("kite.task.type");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("kite.attempt.number");
    static final AttributeKey<String> BUDGET = AttributeKey.stringKey("kite.attempt.budget");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("kite.attempt.outcome");
    static final AttributeKey<String> PHASE = AttributeKey.stringKey("kite.execution.phase");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("kite.cache.status");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("kite.error.code");
    static final AttributeKey<String> PLUGIN = AttributeKey.stringKey("kite.plugin");
    static final AttributeKey<Boolean> RESUMED = AttributeKey.booleanKey("kite.resumed");

    static final Tracing OFF = new Tracing(null);

    private final Tracer tracer;

    Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    boolean on() {
        return tracer != null;
    }

    /** The execution's span, a child of the current context (the submitting request's span). */
    Span execution(Run run, boolean resumed) {
        if (tracer == null) {
            return null;
        }
        var b = tracer.spanBuilder("kite.execution").setParent(Context.current())
                .setAttribute(EXECUTION, run.id.toString()).setAttribute(TASK, run.task.id().toString())
                .setAttribute(TYPE, run.task.type());
        if (resumed) {
            b.setAttribute(RESUMED, true);
        }
        return b.startSpan();
    }

    Span attempt(Run run, Attempt a, boolean resumed) {
        if (tracer == null) {
            return null;
        }
        var b = tracer.spanBuilder("kite.attempt").setParent(parent(run.span))
                .setAttribute(EXECUTION, run.id.toString()).setAttribute(TYPE, run.task.type())
                .setAttribute(ATTEMPT, (long) a.number).setAttribute(BUDGET, a.budget.name().toLowerCase());
        if (resumed) {
            b.setAttribute(RESUMED, true);
        }
        return b.startSpan();
    }

    /** A plugin call ({@code submit}, {@code poll}, {@code cancel}, {@code run}, {@code cleanUp}) under its attempt. */
    Span call(Span attempt, String operation, String plugin) {
        if (tracer == null) {
            return null;
        }
        return tracer.spanBuilder("kite.plugin." + operation).setParent(parent(attempt))
                .setAttribute(PLUGIN, plugin).startSpan();
    }

    static void endAttempt(Span span, String outcome, String errorCode) {
        if (span == null) {
            return;
        }
        span.setAttribute(OUTCOME, outcome);
        if (errorCode != null) {
            span.setAttribute(ERROR, errorCode);
            span.setStatus(StatusCode.ERROR, errorCode);
        }
        span.end();
    }

    static void endExecution(Span span, Phase phase, CacheStatus cache, String errorCode) {
        if (span == null) {
            return;
        }
        span.setAttribute(PHASE, phase.name());
        if (cache != null) {
            span.setAttribute(CACHE, cache.name());
        }
        if (phase != Phase.SUCCEEDED) {
            span.setStatus(StatusCode.ERROR, errorCode == null ? phase.name() : errorCode);
        }
        span.end();
    }

    static void endCall(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    private static Context parent(Span span) {
        return span == null ? Context.root() : Context.root().with(span);
    }

    /** The W3C {@code traceparent} of a span. */
    static Optional<String> traceparent(Span span) {
        if (span == null) {
            return Optional.empty();
        }
        SpanContext c = span.getSpanContext();
        if (!c.isValid()) {
            return Optional.empty();
        }
        return Optional.of("00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex());
    }

    /** The plugins' view of a span: its traceparent, and child spans. */
    TaskTrace trace(Span span) {
        if (tracer == null || span == null) {
            return TaskTrace.NONE;
        }
        return new TaskTrace() {
            @Override
            public Optional<String> traceparent() {
                return Tracing.traceparent(span);
            }

            @Override
            public TaskTrace.Span span(String name) {
                return new PluginSpan(tracer.spanBuilder(name).setParent(parent(span)).startSpan());
            }
        };
    }

    /** A plugin's own span (an HTTP request, an SQL statement, a Kubernetes API call). */
    private record PluginSpan(Span span) implements TaskTrace.Span {
        @Override
        public TaskTrace.Span attribute(String key, String value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public TaskTrace.Span attribute(String key, long value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        }

        @Override
        public Optional<String> traceparent() {
            return Tracing.traceparent(span);
        }

        @Override
        public void close() {
            span.end();
        }
    }
}
