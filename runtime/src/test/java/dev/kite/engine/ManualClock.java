package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** An {@link EngineClock} that moves only when a test says so; due timers run in order, on the test's thread. */
final class ManualClock implements EngineClock {

    private record Timer(long id, Instant due, Runnable action) {
    }

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long nextId;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> {
        int c = a.due().compareTo(b.due());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    });
    private final java.util.Set<Long> cancelled = new java.util.HashSet<>();

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long schedule(long delayMillis, Runnable action) {
        long id = nextId++;
        timers.add(new Timer(id, now.plusMillis(Math.max(1, delayMillis)), action));
        return id;
    }

    @Override
    public synchronized void cancel(long timer) {
        cancelled.add(timer);
    }

    /** Moves time forward by {@code d}, running every timer that falls due on the way, in order. */
    void advance(Duration d) {
        Instant until;
        synchronized (this) {
            until = now.plus(d);
        }
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due().isAfter(until)) {
                    now = until;
                    return;
                }
                timers.poll();
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
                if (cancelled.remove(next.id())) {
                    continue;
                }
            }
            next.action().run();
        }
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    /** Timers that are armed and not cancelled. */
    synchronized long pending() {
        return timers.stream().filter(t -> !cancelled.contains(t.id())).count();
    }
}
