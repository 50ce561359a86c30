package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskTrace;

/**
 * What the engine's rooms report about an execution, turned into traces ({@link Tracing}),
 * metrics ({@link EngineMetrics}), the logging MDC ({@link ExecutionMdc}) and the end line
 * ({@link ExecutionLog}). The rooms call it at a handful of points (submitted, began, attempt
 * started and ended, plugin call, ended, released) and never look at what it does; with tracing
 * off it only counts and measures.
 */
final class Telemetry {

    private final EngineMetrics metrics;
    private final Tracing tracing;
    private final ExecutionLog log;
    private final Set<String> durationTasks;
    private final EngineClock clock;

    Telemetry(EngineMetrics metrics, Tracing tracing, KiteConfig.Observability config, EngineClock clock) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.clock = clock;
        this.log = new ExecutionLog(config.executionEndLog());
        this.durationTasks = Set.copyOf(config.durationTasks().orElse(List.of()));
    }

    EngineMetrics metrics() {
        return metrics;
    }

    /** A new execution was written: its span starts, a child of the submitting request's. */
    void submitted(Run run) {
        if (tracing.on()) {
            synchronized (run) {
                run.span = tracing.execution(run, false);
            }
        }
    }

    /** The run got its slot. */
    void began(Run run) {
        if (run.phase() == Phase.QUEUED) {
            metrics.queueWait(Duration.between(run.createdAt, clock.now()));
        }
    }

    /** An attempt was recorded (call under the run's lock). */
    void attemptStarted(Run run, Attempt a) {
        if (tracing.on()) {
            executionSpan(run);
            a.span = tracing.attempt(run, a, false);
        }
    }

    /** An attempt ended in {@code phase} (call under the run's lock, after its end and error are set). */
    void attemptEnded(Run run, Attempt a, String phase) {
        metrics.attemptEnded(phase);
        Instant end = a.endedAt != null ? a.endedAt : clock.now();
        if (a.startedAt != null) {
            metrics.attemptDuration(run.task.type(), phase, Duration.between(a.startedAt, end));
        }
        Tracing.endAttempt(a.span, phase, code(a.error));
        a.span = null;
    }

    /** The execution ends in {@code phase} (call under the run's lock, once its end is set). */
    void executionEnded(Run run, Phase phase) {
        metrics.executionEnded(phase);
        Duration took = Duration.between(run.createdAt, clock.now());
        var id = run.task.id();
        String task = durationTasks.contains(id.project() + "/" + id.domain() + "/" + id.name()) ? id.name() : "other";
        metrics.executionDuration(id.project(), id.domain(), task, phase, took);
        Tracing.endExecution(run.span, phase, run.cacheStatus, code(run.error));
        run.span = null;
        try (ExecutionMdc m = ExecutionMdc.open(run, null)) {
            log.ended(run, phase, took);
        }
    }

    /** The run left this process without an end here (taken over, handed back): its spans end. */
    void released(Run run) {
        synchronized (run) {
            Attempt a = run.current();
            if (a != null && a.span != null) {
                Tracing.endAttempt(a.span, "RELEASED", null);
                a.span = null;
            }
            if (run.span != null) {
                run.span.end();
                run.span = null;
            }
        }
    }

    /** The trace a plugin sees in an attempt's context outside a call: the attempt's span. */
    TaskTrace trace(Run run, Attempt a) {
        return tracing.on() ? tracing.trace(a.span) : TaskTrace.NONE;
    }

    /**
     * A plugin call ({@code submit}, {@code poll}, {@code cancel}, {@code run}, {@code cleanUp}):
     * made and answered with the execution's MDC, in a span of its own under the attempt, whose
     * trace the plugin gets in its context. {@code call} makes the call from the context it is given.
     */
    <C, T> Uni<T> call(Run run, Attempt a, String operation, String plugin, AttemptContext<C> ctx,
            Function<AttemptContext<C>, Uni<T>> call) {
        if (!tracing.on()) {
            return ExecutionMdc.carry(run, a, Uni.createFrom().deferred(() -> call.apply(ctx)));
        }
        return Uni.createFrom().deferred(() -> {
            Span span = tracing.call(attemptSpan(run, a), operation, plugin);
            return ExecutionMdc.carry(run, a, Uni.createFrom().deferred(() -> call.apply(ctx.withTrace(tracing.trace(span)))))
                    .onTermination().invoke((item, failure, cancelled) -> Tracing.endCall(span, failure));
        });
    }

    private void executionSpan(Run run) {
        if (run.span == null) {
            run.span = tracing.execution(run, true); // resumed here after a restart or a takeover
        }
    }

    private Span attemptSpan(Run run, Attempt a) {
        synchronized (run) {
            if (a.span == null && a.running()) {
                executionSpan(run);
                a.span = tracing.attempt(run, a, true);
            }
            return a.span;
        }
    }

    private static String code(TaskError error) {
        return error == null ? null : error.code();
    }
}
