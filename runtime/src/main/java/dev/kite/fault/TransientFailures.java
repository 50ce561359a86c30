package dev.kite.fault;

import java.io.IOException;
import java.util.Set;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/**
 * Which failures of a database operation may pass when the same operation is tried again: the
 * connection (refused, closed, reset), a timeout, and the PostgreSQL errors that say "try again"
 * (serialization failure, deadlock, the server shutting down or out of connections). A data error
 * (a value PostgreSQL refuses, a constraint, a syntax error) fails the same way every time and is
 * never retried: retrying it only delays the answer.
 */
public final class TransientFailures {

    /** SQLSTATE codes, or their two-character class, that a later try may not meet. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57014", // query_canceled (statement timeout)
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now
            "53300", // too_many_connections
            "53400"); // configuration_limit_exceeded
    private static final Set<String> TRANSIENT_CLASSES = Set.of(
            "08", // connection exception
            "53"); // insufficient resources

    private TransientFailures() {
    }

    /** Whether {@code failure} (anywhere in its cause chain) is one a retry may get past. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                // PostgreSQL answered: its code decides, whatever wraps it
                return transientState(pg.getSqlState());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof VertxException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    static boolean transientState(String state) {
        return state != null && (TRANSIENT_STATES.contains(state)
                || state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
    }
}
