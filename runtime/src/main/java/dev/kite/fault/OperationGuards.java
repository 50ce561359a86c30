package dev.kite.fault;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Transient-failure guards around single operations: a database write or read, a plugin's
 * submit, poll or cancel. {@link Guards} retries and circuit-breaks them; the engine's unit tests
 * pass them through.
 */
public interface OperationGuards {

    /** A database operation, retried in place on failure. */
    <T> Uni<T> database(Supplier<Uni<T>> op);

    /** A plugin operation against {@code target} (the plugin's name), retried and circuit-broken. */
    <T> Uni<T> plugin(String target, Supplier<Uni<T>> op);
}
