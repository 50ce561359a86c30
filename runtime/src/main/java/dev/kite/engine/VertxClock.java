package dev.kite.engine;

import java.time.Instant;

import io.vertx.core.Vertx;

/** The production {@link EngineClock}: the system clock and Vert.x timers. */
final class VertxClock implements EngineClock {

    private final Vertx vertx;

    VertxClock(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long schedule(long delayMillis, Runnable action) {
        return vertx.setTimer(Math.max(1, delayMillis), id -> action.run());
    }

    @Override
    public void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
