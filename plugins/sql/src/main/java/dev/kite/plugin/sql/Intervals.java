package dev.kite.plugin.sql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interval text as warehouses print it ({@code 1 day 01:30:00}, {@code 2 mons 3 days},
 * {@code -00:00:01.5}) as an ISO-8601 duration. A month counts 30 days and a year 365 days, as
 * PostgreSQL's {@code extract(epoch ...)} counts them; text already in ISO form is kept.
 */
final class Intervals {

    private static final Pattern PART = Pattern.compile("(-?\\d+) (year|mon|day)s?");
    private static final Pattern CLOCK = Pattern.compile("(-)?(\\d+):(\\d{2}):(\\d{2})(\\.\\d+)?");

    private Intervals() {
    }

    static String toIso(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("-P")) {
            return t;
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plusDays(switch (m.group(2)) {
                case "year" -> n * 365;
                case "mon" -> n * 30;
                default -> n;
            });
        }
        Matcher c = CLOCK.matcher(t);
        if (c.find()) {
            Duration clock = Duration.ofHours(Long.parseLong(c.group(2))).plusMinutes(Long.parseLong(c.group(3)))
                    .plusSeconds(Long.parseLong(c.group(4)));
            if (c.group(5) != null) {
                String frac = (c.group(5).substring(1) + "000000000").substring(0, 9);
                clock = clock.plusNanos(Long.parseLong(frac));
            }
            d = c.group(1) != null ? d.minus(clock) : d.plus(clock);
        }
        return d.toString();
    }
}
