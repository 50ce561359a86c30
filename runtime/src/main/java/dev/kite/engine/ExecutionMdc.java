package dev.kite.engine;

import org.jboss.logging.MDC;

import io.smallrye.mutiny.Uni;

/**
 * {@code executionId}, {@code taskId} and {@code attempt} in the logging MDC while the engine works
 * on an execution's behalf, so that every line logged then (the engine's and the plugin's) carries
 * them, in the JSON logs as {@code mdc} fields. The engine's steps run on event-loop threads,
 * timers and the worker pool, many executions interleaved on one thread: the MDC is therefore set
 * around each step and put back as it was after it (never left behind for the next execution's
 * step), at the few places every step goes through — the run's timers, plugin calls and their
 * answers, persistence and its answers, the submission. Quarkus keeps the MDC in the Vert.x
 * context when a step runs on one, in the thread otherwise; both are restored alike.
 */
final class ExecutionMdc implements AutoCloseable {

    static final String EXECUTION = "executionId";
    static final String TASK = "taskId";
    static final String ATTEMPT = "attempt";

    private final Object execution;
    private final Object task;
    private final Object attempt;

    private ExecutionMdc() {
        this.execution = MDC.get(EXECUTION);
        this.task = MDC.get(TASK);
        this.attempt = MDC.get(ATTEMPT);
    }

    /** Sets the run's keys (the attempt's number when {@code a} is given, else its current attempt's). */
    static ExecutionMdc open(Run run, Attempt a) {
        ExecutionMdc previous = new ExecutionMdc();
        MDC.put(EXECUTION, run.id.toString());
        MDC.put(TASK, run.task.id().toString());
        Attempt current = a != null ? a : currentAttempt(run);
        if (current != null) {
            MDC.put(ATTEMPT, Integer.toString(current.number));
        } else {
            MDC.remove(ATTEMPT);
        }
        return previous;
    }

    private static Attempt currentAttempt(Run run) {
        synchronized (run) {
            return run.current();
        }
    }

    /** {@code step} with the run's keys set. */
    static void during(Run run, Runnable step) {
        try (ExecutionMdc m = open(run, null)) {
            step.run();
        }
    }

    /** A timer's or callback's action that runs with the run's keys set. */
    static Runnable wrap(Run run, Runnable step) {
        return () -> during(run, step);
    }

    /**
     * {@code uni}, subscribed and answered with the run's keys set: the steps that follow in the
     * subscriber's callbacks log on the execution's behalf.
     */
    static <T> Uni<T> carry(Run run, Attempt a, Uni<T> uni) {
        return Uni.createFrom().emitter(em -> {
            io.smallrye.mutiny.subscription.Cancellable sub;
            try (ExecutionMdc m = open(run, a)) {
                sub = uni.subscribe().with(item -> {
                    try (ExecutionMdc n = open(run, a)) {
                        em.complete(item);
                    }
                }, failure -> {
                    try (ExecutionMdc n = open(run, a)) {
                        em.fail(failure);
                    }
                });
            }
            em.onTermination(sub::cancel);
        });
    }

    @Override
    public void close() {
        restore(EXECUTION, execution);
        restore(TASK, task);
        restore(ATTEMPT, attempt);
    }

    private static void restore(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
