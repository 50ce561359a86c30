package dev.kite.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.kite.model.RetryBackoff;

/** The waits of the one backoff, computed (no clock): growth, cap and jitter bounds. */
class BackoffTest {

    @Test
    void waitsGrowByTheFactorUpToTheMaximum() {
        RetryBackoff policy = new RetryBackoff(Duration.ofMillis(200), Duration.ofMillis(500), 2.0, 0.0);
        long[] expected = {200, 400, 500, 500, 500};
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n], Backoff.delay(policy, n, new SplittableRandom(n)).toMillis(), "wait " + n);
        }
    }

    @Test
    void jitterSpreadsWithinItsFractionAndNeverPastTheMaximum() {
        RetryBackoff policy = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0.2);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            long first = Backoff.delay(policy, 0, random).toMillis();
            assertTrue(first >= 80 && first <= 120, "first wait " + first);
            long late = Backoff.delay(policy, 10, random).toMillis();
            assertTrue(late >= 800 && late <= 1000, "capped wait " + late);
        }
    }
}
