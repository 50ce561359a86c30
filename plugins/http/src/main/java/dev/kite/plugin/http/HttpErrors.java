package dev.kite.plugin.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.spi.TaskError;

/**
 * How an HTTP outcome becomes a typed error:
 * <ul>
 *   <li>connection errors, timeouts, 5xx, 408, 425 and 429 → SYSTEM recoverable ({@code HTTP_503},
 *       {@code HTTP_CONNECT}, {@code HTTP_TIMEOUT}); 429 and 503 carry their {@code Retry-After}
 *       as the error's retry-after hint, cut to {@code kite.http.max-retry-after};</li>
 *   <li>other 4xx → USER non-recoverable, with the RFC 9457 problem {@code detail} (or
 *       {@code title}, or the start of the body) in the message;</li>
 *   <li>3xx → USER non-recoverable: redirects are not followed (a redirect could lead anywhere);</li>
 *   <li>TLS failures → USER non-recoverable: the certificate or the task's {@code tls} must change.</li>
 * </ul>
 */
final class HttpErrors {

    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);

    private HttpErrors() {
    }

    /** The failure for a non-2xx reply. */
    static HttpFailure forStatus(HttpReply reply, Duration maxRetryAfter) {
        int s = reply.status();
        String code = "HTTP_" + s;
        String head = "HTTP " + s + (reply.reason() == null || reply.reason().isBlank() ? "" : " " + reply.reason())
                + " from " + reply.description();
        if (s >= 500 || RETRYABLE_4XX.contains(s)) {
            Duration wait = s == 429 || s == 503 ? retryAfter(reply.header("retry-after"), maxRetryAfter) : null;
            TaskError error = TaskError.system(code, head + detail(reply, true)
                    + (wait == null ? "" : " (Retry-After: " + wait.toSeconds() + " s)")).withRetryAfter(wait);
            // a 429 is the host protecting itself, not failing: it does not trip its breaker
            return new HttpFailure(error, s != 429, s != 429);
        }
        if (s >= 300 && s < 400) {
            return HttpFailure.user(code, head + ": redirects are not followed (Location: "
                    + excerpt(String.valueOf(reply.header("location"))) + ")");
        }
        return HttpFailure.user(code, head + detail(reply, false));
    }

    /** ": detail" from a problem document or the start of the body; empty when there is nothing. */
    private static String detail(HttpReply reply, boolean quiet) {
        JsonNode json = reply.jsonOrNull();
        if (json != null && json.isObject()) {
            for (String field : new String[] {"detail", "title", "message", "error"}) {
                JsonNode v = json.get(field);
                if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                    return ": " + excerpt(v.textValue());
                }
            }
        }
        if (quiet || reply.body().length == 0) {
            return "";
        }
        return ": " + excerpt(reply.text());
    }

    /** The wait a Retry-After value asks for (delta-seconds or an HTTP date), cut to {@code max}. */
    static Duration retryAfter(String value, Duration max) {
        return retryAfter(value, max, Clock.systemUTC());
    }

    /** The same, an HTTP date read as the time from {@code clock}'s now. */
    static Duration retryAfter(String value, Duration max, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(clock.instant(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        if (wait.isNegative() || wait.isZero()) {
            return null;
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** The failure for an exception on the way (connection, timeout, TLS, size cap). */
    static HttpFailure forThrowable(Throwable failure, String description) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof HttpFailure) && t != t.getCause()
                && (t instanceof java.util.concurrent.CompletionException || t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        if (t instanceof HttpFailure f) {
            return f;
        }
        if (t instanceof ResponseTooLargeException e) {
            return HttpFailure.user("HTTP_RESPONSE_TOO_LARGE", "the response of " + description + " is larger than "
                    + e.limit() + " bytes (the task's maxResponseBytes, at most kite.http.max-response-bytes)");
        }
        if (t instanceof SSLException || t.getCause() instanceof SSLException) {
            return HttpFailure.user("HTTP_TLS", description + ": TLS failed (" + t.getMessage()
                    + "); check the server certificate or the task's tls options");
        }
        if (t instanceof UnknownHostException) {
            return HttpFailure.host(TaskError.system("HTTP_DNS", description + ": the host name does not resolve ("
                    + t.getMessage() + ")"));
        }
        if (t instanceof java.util.concurrent.TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            return HttpFailure.host(TaskError.system("HTTP_TIMEOUT", description + ": no response in time ("
                    + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")"));
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return HttpFailure.host(TaskError.system("HTTP_CONNECT", description + ": cannot connect (" + t.getMessage() + ")"));
        }
        return HttpFailure.host(TaskError.system("HTTP_CONNECTION", description + ": the exchange failed ("
                + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")"));
    }

    /** At most 300 characters of {@code text}, on one line. */
    static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    /** {@code text} with every secret value replaced by {@code ***}. */
    static String scrub(String text, Set<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    /** {@code f} with secrets scrubbed from its message. */
    static HttpFailure scrub(HttpFailure f, Set<String> secrets) {
        if (secrets.isEmpty()) {
            return f;
        }
        TaskError e = f.error();
        TaskError clean = new TaskError(e.kind(), e.recoverable(), e.code(), scrub(e.message(), secrets), e.retryAfter());
        return new HttpFailure(clean, f.hostFault(), f.retryInPlace());
    }
}
