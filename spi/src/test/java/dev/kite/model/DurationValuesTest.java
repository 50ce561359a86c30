package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.json;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationValuesTest {

    private static final LiteralType T = LiteralType.DURATION;

    @Test
    void isoDurationsBecomeJavaCanonicalText() {
        assertEquals("\"PT5M\"", accepts(T, "'PT5M'"));
        assertEquals("\"PT26H\"", accepts(T, "'P1DT2H'"));
        assertEquals("\"PT0.5S\"", accepts(T, "'PT0.5S'"));
        assertEquals("\"PT0S\"", accepts(T, "'PT0S'"));
    }

    @Test
    void negativeDurationsAreValues() {
        assertEquals("\"PT-5M\"", accepts(T, "'-PT5M'"));
        assertSameValue(T, "'-PT5M'", "'PT-5M'");
    }

    @Test
    void equivalentSpellingsAreOneValue() {
        assertSameValue(T, "'PT60M'", "'PT1H'");
        assertSameValue(T, "'P1D'", "'PT24H'");
        assertDifferentValue(T, "'PT1H'", "'PT1H1S'");
    }

    @Test
    void malformedDurationsAreRejected() {
        rejectsAt(T, "'5m'", "v", "not a valid duration");
        rejectsAt(T, "'P1M'", "v", "months and weeks are not supported");
        rejectsAt(T, "'P1Y'", "v", "years");
        rejectsAt(T, "'5 minutes'", "v", "expected ISO-8601 such as PT5M or P1DT2H");
        rejectsAt(T, "'PT5MINUTES'", "v", "expected ISO-8601 such as PT5M or P1DT2H");
        rejectsAt(T, "300", "v", "expected an ISO-8601 duration string such as PT5M, got a number");
    }

    @Test
    void positiveDurationsRejectZeroNegativeAndMalformed() {
        FieldErrors errors = new FieldErrors();
        assertEquals(Duration.ofMinutes(5), Durations.parsePositive(json("'PT5M'"), "t", errors));
        assertNull(Durations.parsePositive(json("'PT0S'"), "a", errors));
        assertNull(Durations.parsePositive(json("'-PT1S'"), "b", errors));
        assertNull(Durations.parsePositive(json("'soon'"), "c", errors));
        assertEquals(3, errors.size(), errors::toString);
        assertEquals("a", errors.list().get(0).path());
        assertTrue(errors.list().get(0).message().contains("must be a positive duration, got PT0S"));
        assertEquals("b", errors.list().get(1).path());
        assertEquals("c", errors.list().get(2).path());
    }
}
