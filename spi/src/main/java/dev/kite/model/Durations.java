package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * ISO-8601 durations ({@code PT5M}, {@code P1DT2H}, {@code PT0.5S}) as used by task metadata and
 * {@code duration} values: parsed by {@link Duration#parse}, so days are 24 hours and years, months
 * and weeks are not accepted. The canonical text is {@link Duration#toString()} ({@code P1D} becomes
 * {@code PT24H}).
 */
public final class Durations {

    private Durations() {
    }

    /** Any duration, negative and zero included; null after recording an error. */
    public static Duration parse(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isTextual()) {
            errors.add(path, "expected an ISO-8601 duration string such as PT5M, got " + Json.describe(node));
            return null;
        }
        String text = node.textValue();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            String hint = usesCalendarUnits(text)
                ? " (years, months and weeks are not supported; use days, e.g. P30D)"
                : " (expected ISO-8601 such as PT5M or P1DT2H)";
            errors.add(path, "not a valid duration: \"" + text + "\"" + hint);
            return null;
        }
    }

    private static boolean usesCalendarUnits(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        // only an ISO-8601 shape can have a date part; "5 minutes" has an M but no calendar units
        if (!upper.matches("[-+]?P[0-9.,YMWDTHS-]*")) {
            return false;
        }
        int t = upper.indexOf('T');
        String datePart = t < 0 ? upper : upper.substring(0, t);
        return datePart.indexOf('Y') >= 0 || datePart.indexOf('M') >= 0 || datePart.indexOf('W') >= 0;
    }

    /**
     * The longest setting Kite takes (ten years of 24-hour days): timeouts, deadlines, backoffs and
     * TTLs past it would overflow clocks and timers ({@code Instant.plus}, milliseconds in a long)
     * at run time, long after the task was accepted.
     */
    public static final Duration MAX_SETTING = Duration.ofDays(3650);

    /**
     * A strictly positive duration of at most {@link #MAX_SETTING}; zero, negative, longer and
     * malformed values are errors.
     */
    public static Duration parsePositive(JsonNode node, String path, FieldErrors errors) {
        Duration d = parse(node, path, errors);
        if (d == null) {
            return null;
        }
        if (d.isNegative() || d.isZero()) {
            errors.add(path, "must be a positive duration, got " + d);
            return null;
        }
        if (d.compareTo(MAX_SETTING) > 0) {
            errors.add(path, "must be at most P3650D (ten years), got " + d);
            return null;
        }
        return d;
    }
}
