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
        arm(run, a.deadline, Slot.ATTEMPT, onTimeout);
    }

    void armDeadline(Run run, Runnable onDeadline) {
        if (run.deadlineAt != null) {
            arm(run, run.deadlineAt, Slot.DEADLINE, onDeadline);
        }
    }

    void armRetry(Run run, Instant at, Runnable next) {
        arm(run, at, Slot.RETRY, next);
    }

    /** The timer fields of a run. */
    private enum Slot { ATTEMPT, DEADLINE, RETRY }

    private void arm(Run run, Instant at, Slot slot, Runnable action) {
        synchronized (run) {
            long[] self = new long[1];
            self[0] = clock.schedule(clock.millisUntil(at), () -> {
                synchronized (run) {
                    if (get(run, slot) != self[0]) {
                        return; // cancelled or replaced after it fired
                    }
                    set(run, slot, -1);
                }
                ExecutionMdc.during(run, action);
            });
            set(run, slot, self[0]);
        }
    }

    private static long get(Run run, Slot slot) {
        return switch (slot) {
            case ATTEMPT -> run.attemptTimer;
            case DEADLINE -> run.deadlineTimer;
            case RETRY -> run.retryTimer;
        };
    }

    private static void set(Run run, Slot slot, long timer) {
        switch (slot) {
            case ATTEMPT -> run.attemptTimer = timer;
            case DEADLINE -> run.deadlineTimer = timer;
            case RETRY -> run.retryTimer = timer;
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
