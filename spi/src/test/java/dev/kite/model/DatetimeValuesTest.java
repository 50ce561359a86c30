package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DatetimeValuesTest {

    private static final LiteralType T = LiteralType.DATETIME;

    @Test
    void offsetsAreNormalizedToUtc() {
        assertEquals("\"2024-01-02T01:04:05Z\"", accepts(T, "'2024-01-02T03:04:05+02:00'"));
        assertEquals("\"2024-01-02T03:04:05Z\"", accepts(T, "'2024-01-02T03:04:05Z'"));
        assertEquals("\"2024-01-01T23:00:00Z\"", accepts(T, "'2024-01-02T00:00:00+01:00'"), "date rolls back");
        assertEquals("\"2024-01-02T03:04:05Z\"", accepts(T, "'2024-01-02t03:04:05z'"), "RFC 3339 allows lowercase");
    }

    @Test
    void fractionalSecondsAreKept() {
        assertEquals("\"2024-01-02T03:04:05.500Z\"", accepts(T, "'2024-01-02T03:04:05.5Z'"));
        assertEquals("\"2024-01-02T03:04:05.123456789Z\"", accepts(T, "'2024-01-02T03:04:05.123456789Z'"));
    }

    @Test
    void theSameInstantIsOneValue() {
        assertSameValue(T, "'2024-01-02T03:04:05+02:00'", "'2024-01-02T01:04:05Z'");
        assertSameValue(T, "'2024-01-02T01:04:05-00:00'", "'2024-01-02T01:04:05.000Z'");
        assertSameValue(T, "'2024-01-02T05:34:05+05:30'", "'2024-01-02T00:04:05Z'");
        assertDifferentValue(T, "'2024-01-02T03:04:05+02:00'", "'2024-01-02T03:04:05Z'");
    }

    @Test
    void localTimesWithoutOffsetAreRejected() {
        rejectsAt(T, "'2024-01-02T03:04:05'", "v", "no UTC offset");
        rejectsAt(T, "'2024-01-02T03:04:05.25'", "v", "no UTC offset");
    }

    @Test
    void malformedAndImpossibleDatesAreRejected() {
        rejectsAt(T, "'2024-01-02'", "v", "not an RFC 3339 date-time");
        rejectsAt(T, "'2024-01-02T03:04Z'", "v", "not an RFC 3339 date-time");
        rejectsAt(T, "'2024-01-02 03:04:05Z'", "v", "not an RFC 3339 date-time");
        rejectsAt(T, "'yesterday'", "v", "not an RFC 3339 date-time");
        rejectsAt(T, "'2024-02-30T00:00:00Z'", "v", "not a valid date-time");
        rejectsAt(T, "'2024-01-02T25:00:00Z'", "v", "not a valid date-time");
        rejectsAt(T, "1704164645", "v", "expected an RFC 3339 date-time string, got a number");
    }
}
