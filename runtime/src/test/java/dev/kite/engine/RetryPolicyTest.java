package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.kite.model.RetryBackoff;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;

/** The retry policy as a pure function of history and error. */
class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final RetryPolicy.Limits LIMITS = new RetryPolicy.Limits(2, 1,
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.0));

    private static List<Attempt> history(Attempt.Budget... budgets) {
        List<Attempt> list = new ArrayList<>();
        for (Attempt.Budget b : budgets) {
            list.add(new Attempt(list.size(), "a" + list.size(), b, true));
        }
        return list;
    }

    private static RetryPolicy.Decision decide(List<Attempt> h, TaskError e) {
        return RetryPolicy.decide(h, e, LIMITS, NOW, new SplittableRandom(1));
    }

    @Test
    void aNonRecoverableErrorEndsAtOnce() {
        RetryPolicy.Decision d = decide(history(Attempt.Budget.NONE), TaskError.user("BAD", "bad input"));
        assertFalse(d.retry());
        assertEquals("non-recoverable USER error: bad input", d.reason());
    }

    @Test
    void userErrorsSpendTheTasksRetriesThenEnd() {
        TaskError e = TaskError.userRecoverable("FLAKY", "flaky");
        assertEquals(Attempt.Budget.USER, decide(history(Attempt.Budget.NONE), e).budget());
        assertEquals(Attempt.Budget.USER, decide(history(Attempt.Budget.NONE, Attempt.Budget.USER), e).budget());
        RetryPolicy.Decision end = decide(history(Attempt.Budget.NONE, Attempt.Budget.USER, Attempt.Budget.USER), e);
        assertFalse(end.retry());
        assertEquals("retries exhausted: 2 user retries used (of 2); last error: flaky", end.reason());
    }

    @Test
    void systemErrorsHaveTheirOwnBudget() {
        TaskError e = TaskError.system("DOWN", "service down");
        // the user budget being spent does not matter for a system error
        assertEquals(Attempt.Budget.SYSTEM, decide(history(Attempt.Budget.NONE, Attempt.Budget.USER, Attempt.Budget.USER), e).budget());
        RetryPolicy.Decision end = decide(history(Attempt.Budget.NONE, Attempt.Budget.SYSTEM), e);
        assertFalse(end.retry());
        assertEquals("system retries exhausted: 1 system retry used (of 1); last error: service down", end.reason());
    }

    @Test
    void theWaitGrowsByTheFactorUpToTheMaximum() {
        TaskError e = TaskError.system("DOWN", "down");
        RetryPolicy.Limits many = new RetryPolicy.Limits(0, 10, LIMITS.backoff());
        List<Long> waits = new ArrayList<>();
        List<Attempt> h = history(Attempt.Budget.NONE);
        for (int i = 0; i < 5; i++) {
            RetryPolicy.Decision d = RetryPolicy.decide(h, e, many, NOW, new SplittableRandom(1));
            waits.add(Duration.between(NOW, d.at()).toMillis());
            h.add(new Attempt(h.size(), "a", Attempt.Budget.SYSTEM, true));
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L, 5000L), waits);
    }

    @Test
    void aLongerRetryAfterOfTheRemoteSideWins() {
        TaskError e = new TaskError(ErrorKind.SYSTEM, true, "RATE", "slow down", Duration.ofSeconds(30));
        RetryPolicy.Decision d = decide(history(Attempt.Budget.NONE), e);
        assertEquals(NOW.plusSeconds(30), d.at());
        TaskError shortWait = new TaskError(ErrorKind.SYSTEM, true, "RATE", "slow down", Duration.ofMillis(10));
        assertEquals(NOW.plusSeconds(1), decide(history(Attempt.Budget.NONE), shortWait).at(), "the backoff is a floor");
    }

    @Test
    void aResumedRetryIsPaidByTheBudgetOfTheLastError() {
        Attempt last = new Attempt(0, "a", Attempt.Budget.NONE, true);
        assertEquals(Attempt.Budget.NONE, RetryPolicy.nextBudget(null));
        assertEquals(Attempt.Budget.NONE, RetryPolicy.nextBudget(last));
        last.error = TaskError.userRecoverable("X", "x");
        assertEquals(Attempt.Budget.USER, RetryPolicy.nextBudget(last));
        last.error = TaskError.system("X", "x");
        assertEquals(Attempt.Budget.SYSTEM, RetryPolicy.nextBudget(last));
        assertNull(decide(history(Attempt.Budget.NONE), TaskError.user("X", "x")).at());
        assertTrue(RetryPolicy.systemBudgetSpent(history(Attempt.Budget.SYSTEM), 1));
    }
}
