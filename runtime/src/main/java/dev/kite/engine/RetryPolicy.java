package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import dev.kite.spi.Backoff;
import dev.kite.model.RetryBackoff;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;

/**
 * The retry policy as a pure function: from the attempts so far and the error that ended the last
 * one to a {@link Decision} — retry on which budget and when, or end with which reason. USER
 * recoverable errors spend the task's {@code retries}, SYSTEM recoverable errors the separate
 * {@code kite.retry.system-retries}; a non-recoverable error ends at once. The wait is the one
 * {@link Backoff} of Kite, stretched to a remote side's {@code retryAfter}. No clock, no state:
 * the same history, error and random source give the same decision.
 */
final class RetryPolicy {

    /** The limits a decision is taken under. */
    record Limits(int userRetries, int systemRetries, RetryBackoff backoff) {
    }

    /**
     * A retry ({@code budget != null}, next attempt at {@code at}) or the end ({@code budget ==
     * null}, with {@code reason} as the execution's error message).
     */
    record Decision(Attempt.Budget budget, Instant at, String reason) {
        boolean retry() {
            return budget != null;
        }
    }

    private RetryPolicy() {
    }

    static Decision decide(List<Attempt> history, TaskError error, Limits limits, Instant now, SplittableRandom random) {
        int user = used(history, Attempt.Budget.USER);
        int system = used(history, Attempt.Budget.SYSTEM);
        if (!error.recoverable()) {
            return new Decision(null, null, "non-recoverable " + error.kind() + " error: " + error.message());
        }
        if (error.kind() == ErrorKind.USER && user >= limits.userRetries()) {
            return new Decision(null, null, "retries exhausted: " + user + " user " + plural(user) + " used (of "
                    + limits.userRetries() + "); last error: " + error.message());
        }
        if (error.kind() == ErrorKind.SYSTEM && system >= limits.systemRetries()) {
            return new Decision(null, null, "system retries exhausted: " + system + " system " + plural(system)
                    + " used (of " + limits.systemRetries() + "); last error: " + error.message());
        }
        Attempt.Budget budget = error.kind() == ErrorKind.USER ? Attempt.Budget.USER : Attempt.Budget.SYSTEM;
        Duration wait = Backoff.delay(limits.backoff(), Math.max(0, history.size() - 1), random);
        if (error.retryAfter() != null && error.retryAfter().compareTo(wait) > 0) {
            wait = error.retryAfter(); // the remote side asked for it (e.g. HTTP Retry-After)
        }
        return new Decision(budget, now.plus(wait), null);
    }

    /** The budget that pays for the attempt after {@code last} (a resumed retry). */
    static Attempt.Budget nextBudget(Attempt last) {
        if (last == null || last.error == null) {
            return Attempt.Budget.NONE;
        }
        return last.error.kind() == ErrorKind.USER ? Attempt.Budget.USER : Attempt.Budget.SYSTEM;
    }

    /** Whether an attempt after this history would be the last one the SYSTEM budget allows. */
    static boolean systemBudgetSpent(List<Attempt> history, int systemRetries) {
        return used(history, Attempt.Budget.SYSTEM) >= systemRetries;
    }

    /** The task's own backoff over the configured defaults. */
    static RetryBackoff backoff(RetryBackoff own, RetryBackoff defaults) {
        return own == null ? defaults : own.orElse(defaults);
    }

    static int used(List<Attempt> history, Attempt.Budget budget) {
        int n = 0;
        for (Attempt a : history) {
            if (a.budget == budget) {
                n++;
            }
        }
        return n;
    }

    private static String plural(int n) {
        return n == 1 ? "retry" : "retries";
    }
}
