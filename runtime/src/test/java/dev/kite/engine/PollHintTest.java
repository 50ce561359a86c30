package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A poll's hint for the next poll replaces the backoff, held within the engine's limits. */
class PollHintTest {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final Duration BACKOFF = Duration.ofSeconds(7);

    @Test
    void aHintWithinTheLimitsIsTaken() {
        assertEquals(Duration.ofSeconds(3), AttemptReports.nextPoll(Duration.ofSeconds(3), BACKOFF, MIN, MAX));
    }

    @Test
    void aHintOutsideTheLimitsIsHeldToThem() {
        assertEquals(MIN, AttemptReports.nextPoll(Duration.ofMillis(5), BACKOFF, MIN, MAX));
        assertEquals(MAX, AttemptReports.nextPoll(Duration.ofHours(2), BACKOFF, MIN, MAX));
    }

    @Test
    void noHintMeansTheBackoff() {
        assertEquals(BACKOFF, AttemptReports.nextPoll(null, BACKOFF, MIN, MAX));
    }
}
