package dev.kite.cache;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The circuit breaker in front of Redis, which tells a slow Redis from a dead one. Every call
 * reports its outcome: an answer (even one that came after its caller gave up on it) proves Redis
 * alive; a refused or broken connection is evidence of death; a call without an answer yet is only
 * slowness. The breaker opens when, within the last {@code period}, at least {@code minFailures}
 * calls failed making up {@code failureRatio} of the calls, and no answer at all arrived for
 * {@code silence}: a Redis that answers late under CPU load keeps it closed. Open, it refuses
 * calls for {@code delay}; then one trial call decides. Thread-safe; time comes from a supplier
 * of nanoseconds so that it is tested without waiting.
 */
public final class RedisHealth {

    /** What the breaker thinks of Redis now. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private record Outcome(long at, boolean failed) {
    }

    private final int minFailures;
    private final double failureRatio;
    private final long periodNanos;
    private final long silenceNanos;
    private final long delayNanos;
    private final LongSupplier nanoTime;
    private final Deque<Outcome> recent = new ArrayDeque<>();
    private State state = State.CLOSED;
    private long openedAt;
    private long lastAnswer;
    private boolean trialInFlight;

    public RedisHealth(int minFailures, double failureRatio, java.time.Duration period, java.time.Duration silence,
            java.time.Duration delay, LongSupplier nanoTime) {
        this.minFailures = Math.max(1, minFailures);
        this.failureRatio = failureRatio;
        this.periodNanos = period.toNanos();
        this.silenceNanos = silence.toNanos();
        this.delayNanos = delay.toNanos();
        this.nanoTime = nanoTime;
        this.lastAnswer = nanoTime.getAsLong();
    }

    /** Whether a call may go to Redis now; a trial call while half open takes the one slot. */
    public synchronized boolean permit() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= delayNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    /** Redis answered a call (in time or late): it is alive. */
    public synchronized void answered() {
        long now = nanoTime.getAsLong();
        lastAnswer = now;
        record(now, false);
        if (state != State.CLOSED) {
            state = State.CLOSED;
            recent.clear();
        }
    }

    /** A call failed: {@code dead} for a refused or broken connection, false for a timeout. */
    public synchronized void failed(boolean dead) {
        long now = nanoTime.getAsLong();
        record(now, true);
        if (state == State.HALF_OPEN) {
            open(now);
            return;
        }
        if (state == State.CLOSED && (dead || now - lastAnswer >= silenceNanos) && judgedDown(now)) {
            open(now);
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= delayNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** True unless the breaker is open: a caller may treat a failure as slowness and try again. */
    public boolean reachable() {
        return state() != State.OPEN;
    }

    private boolean judgedDown(long now) {
        int failures = 0;
        for (Outcome o : recent) {
            if (o.failed()) {
                failures++;
            }
        }
        return failures >= minFailures && failures >= failureRatio * recent.size();
    }

    private void open(long now) {
        state = State.OPEN;
        openedAt = now;
        trialInFlight = false;
    }

    private void record(long now, boolean failed) {
        recent.addLast(new Outcome(now, failed));
        while (!recent.isEmpty() && (now - recent.peekFirst().at() > periodNanos || recent.size() > 1000)) {
            recent.removeFirst();
        }
    }
}
