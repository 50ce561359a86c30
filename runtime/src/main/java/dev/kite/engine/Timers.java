package dev.kite.engine;

import java.time.Instant;

/**
 * The local timers of a run, all rebuilt from persisted state after a restart or takeover: the
 * running attempt's timeout, the execution's deadline, the next attempt of a retry (and the poll
 * timer, armed by {@link Polling}). Each is recorded on the run under its lock, so a timer that
 * fires after being cancelled or replaced finds another id and does nothing.
 */
final class Timers {

    private final EngineClock clock;

    Timers(EngineClock clock) {
        this.clock = clock;
    }

    EngineClock clock() {
        return clock;
    }

    void armAttemptTimeout(Run run, Attempt a, Runnable onTimeout) {
        synchronized (run) {
            long[] self = new long[1];
            self[0] = clock.schedule(clock.millisUntil(a.deadline), () -> {
                synchronized (run) {
                    if (run.attemptTimer != self[0]) {
                        return;
                    }
                    run.attemptTimer = -1;
                }
                onTimeout.run();
            });
            run.attemptTimer = self[0];
        }
    }

    void armDeadline(Run run, Runnable onDeadline) {
        if (run.deadlineAt == null) {
            return;
        }
        synchronized (run) {
            run.deadlineTimer = clock.schedule(clock.millisUntil(run.deadlineAt), () -> {
                synchronized (run) {
                    run.deadlineTimer = -1;
                }
                onDeadline.run();
            });
        }
    }

    void armRetry(Run run, Instant at, Runnable next) {
        synchronized (run) {
            long[] self = new long[1];
            self[0] = clock.schedule(clock.millisUntil(at), () -> {
                synchronized (run) {
                    if (run.retryTimer != self[0]) {
                        return;
                    }
                    run.retryTimer = -1;
                }
                next.run();
            });
            run.retryTimer = self[0];
        }
    }

    /** Runs {@code action} after {@code millis}, tied to no run (a cache wait's next look). */
    void after(long millis, Runnable action) {
        clock.schedule(millis, action);
    }

    /** Cancels the running attempt's timers: timeout and poll (call under the run's lock). */
    void cancelAttemptTimers(Run run) {
        if (run.attemptTimer >= 0) {
            clock.cancel(run.attemptTimer);
            run.attemptTimer = -1;
        }
        if (run.pollTimer >= 0) {
            clock.cancel(run.pollTimer);
            run.pollTimer = -1;
        }
    }

    /** Cancels every timer of the run (call under the run's lock). */
    void cancelAll(Run run) {
        cancelAttemptTimers(run);
        if (run.retryTimer >= 0) {
            clock.cancel(run.retryTimer);
            run.retryTimer = -1;
        }
        if (run.deadlineTimer >= 0) {
            clock.cancel(run.deadlineTimer);
            run.deadlineTimer = -1;
        }
    }
}
