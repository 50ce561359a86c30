package dev.kite.fault;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;

import dev.kite.model.RetryBackoff;
import dev.kite.spi.Backoff;

/**
 * The guard of one database operation, on the engine's hot path (several per execution): each try
 * bounded by the timeout, a transient failure ({@link TransientFailures}) tried again after the
 * one backoff of Kite, any other failure answered at once. Plain Mutiny operators: no executor
 * hop, no context capture and no per-call strategy objects, which a generic fault-tolerance guard
 * costs on every call whether or not anything fails.
 */
final class DatabaseGuard {

    private final int maxRetries;
    private final Duration timeout;
    private final RetryBackoff backoff;
    private final Counter retries;
    private final CallTimes times;

    DatabaseGuard(int maxRetries, Duration timeout, RetryBackoff backoff, Counter retries, CallTimes times) {
        this.maxRetries = maxRetries;
        this.timeout = timeout;
        this.backoff = backoff;
        this.retries = retries;
        this.times = times;
    }

    <T> Uni<T> run(Supplier<Uni<T>> op) {
        return attempt(op, 0, null);
    }

    private <T> Uni<T> attempt(Supplier<Uni<T>> op, int tried, SplittableRandom random) {
        // deferred: every try subscribes to a fresh operation
        return times.time(Uni.createFrom().<T>deferred(op::get), "target", "database")
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("the database operation took longer than " + timeout))
                .onFailure(f -> tried < maxRetries && TransientFailures.isTransient(f)).recoverWithUni(f -> {
                    retries.increment();
                    SplittableRandom r = random == null ? new SplittableRandom() : random;
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Backoff.delay(backoff, tried, r))
                            .chain(() -> attempt(op, tried + 1, r));
                });
    }
}
