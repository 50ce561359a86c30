package dev.kite.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.testkit.FakeClock;

/**
 * Retry-After is read as seconds or an HTTP date, and cut to kite.http.max-retry-after. Dates are
 * read against the test kit's {@link FakeClock}, so the wait is exact (before: against the wall
 * clock, within a 5 s window).
 */
class RetryAfterHeaderTest {

    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void secondsAreRead() {
        assertEquals(Duration.ofSeconds(1), HttpErrors.retryAfter("1", MAX));
        assertEquals(Duration.ofSeconds(120), HttpErrors.retryAfter(" 120 ", MAX));
    }

    @Test
    void aDateIsReadAsTheTimeUntilIt() {
        FakeClock clock = new FakeClock();
        String in90s = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(90).atZone(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(90), HttpErrors.retryAfter(in90s, MAX, clock));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(30), HttpErrors.retryAfter(in90s, MAX, clock));
        clock.advance(Duration.ofSeconds(30));
        assertNull(HttpErrors.retryAfter(in90s, MAX, clock), "a date that has come asks for no wait");
        String tomorrow = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plus(Duration.ofDays(1)).atZone(ZoneOffset.UTC));
        assertEquals(MAX, HttpErrors.retryAfter(tomorrow, MAX, clock), "a far date is cut too");
    }

    @Test
    void longWishesAreCutAndNonsenseIgnored() {
        assertEquals(MAX, HttpErrors.retryAfter("86400", MAX));
        assertNull(HttpErrors.retryAfter("soon", MAX));
        assertNull(HttpErrors.retryAfter("0", MAX));
        assertNull(HttpErrors.retryAfter("-5", MAX));
        assertNull(HttpErrors.retryAfter(null, MAX));
    }

    @Test
    void a429CarriesItsWaitAsARetryAfterHint() {
        HttpReply reply = new HttpReply(429, "Too Many Requests", Map.of("retry-after", List.of("30")), new byte[0],
                "POST https://api.example.com/x");
        TaskError e = HttpErrors.forStatus(reply, MAX).error();
        assertEquals(ErrorKind.SYSTEM, e.kind());
        assertTrue(e.recoverable());
        assertEquals("HTTP_429", e.code());
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        assertEquals("HTTP 429 Too Many Requests from POST https://api.example.com/x (Retry-After: 30 s)", e.message());
    }

    @Test
    void aProblemDocumentGivesTheDetail() {
        byte[] body = "{\"title\": \"Not Found\", \"detail\": \"no user 42\"}".getBytes();
        HttpReply reply = new HttpReply(404, "Not Found", Map.of(), body, "GET https://api.example.com/users/42");
        TaskError e = HttpErrors.forStatus(reply, MAX).error();
        assertEquals(new TaskError(ErrorKind.USER, false, "HTTP_404",
                "HTTP 404 Not Found from GET https://api.example.com/users/42: no user 42"), e);
    }
}
