package dev.kite.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The Redis breaker's semantics (decision 0018) on a hand-driven clock: a slow Redis, which
 * answers late, keeps it closed; a dead one (refused connections, or no answer at all) opens it;
 * the judgement is over a sliding window of time, not a run of consecutive failures.
 */
class RedisHealthTest {

    private long now;

    /** The defaults: 3 failures making up half the calls within 10 s; 2 s of silence; 5 s open. */
    private RedisHealth health() {
        return new RedisHealth(3, 0.5, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), () -> now);
    }

    private void advance(long millis) {
        now += millis * 1_000_000;
    }

    @Test
    void timeoutsWithLateAnswersKeepItClosed() {
        RedisHealth h = health();
        for (int i = 0; i < 200; i++) {
            assertTrue(h.permit());
            h.failed(false); // the caller gave up after its timeout ...
            advance(100);
            h.answered(); // ... and the answer came all the same: Redis lives, only slowly
        }
        assertEquals(RedisHealth.State.CLOSED, h.state());
    }

    @Test
    void timeoutsOpenItOnlyAfterTheSilence() {
        RedisHealth h = health();
        h.answered();
        for (int i = 0; i < 19; i++) {
            advance(100);
            h.failed(false);
        }
        assertEquals(RedisHealth.State.CLOSED, h.state(), "1.9 s without an answer is slowness, not death");
        advance(100);
        h.failed(false);
        assertEquals(RedisHealth.State.OPEN, h.state(), "2 s without any answer: a frozen or dead Redis");
        assertFalse(h.permit());
        assertFalse(h.reachable());
    }

    @Test
    void refusedConnectionsOpenItAtOnce() {
        RedisHealth h = health();
        h.answered();
        h.failed(true);
        h.failed(true);
        assertEquals(RedisHealth.State.CLOSED, h.state(), "two failures are not yet evidence");
        h.failed(true);
        assertEquals(RedisHealth.State.OPEN, h.state());
    }

    @Test
    void failuresAmongManyAnswersDoNotOpenIt() {
        RedisHealth h = health();
        for (int i = 0; i < 100; i++) {
            h.answered();
            h.answered();
            h.failed(true); // a third of the calls fail: below the ratio of one half
        }
        assertEquals(RedisHealth.State.CLOSED, h.state());
    }

    @Test
    void failuresOlderThanThePeriodAreForgotten() {
        RedisHealth h = health();
        h.failed(true);
        h.failed(true);
        advance(10_001);
        h.failed(true);
        assertEquals(RedisHealth.State.CLOSED, h.state(), "three failures, but never three within 10 s");
        h.failed(true);
        h.failed(true);
        assertEquals(RedisHealth.State.OPEN, h.state());
    }

    @Test
    void afterTheDelayOneTrialCallDecides() {
        RedisHealth h = health();
        for (int i = 0; i < 3; i++) {
            h.failed(true);
        }
        advance(4_999);
        assertFalse(h.permit(), "open: calls fail at once");
        advance(1);
        assertEquals(RedisHealth.State.HALF_OPEN, h.state());
        assertTrue(h.permit(), "one trial call");
        assertFalse(h.permit(), "only one");
        h.failed(true);
        assertEquals(RedisHealth.State.OPEN, h.state(), "the trial failed: open again");
        advance(5_000);
        assertTrue(h.permit());
        h.answered();
        assertEquals(RedisHealth.State.CLOSED, h.state(), "the trial answered: closed");
        assertTrue(h.permit());
        assertTrue(h.permit());
    }
}
