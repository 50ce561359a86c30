package dev.kite.api;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import dev.kite.config.KiteConfig;
import dev.kite.model.FieldError;

/**
 * The first checks of every request on {@code /api}, before any route: the request target is at
 * most {@code kite.api.max-uri-length} (414), the headers at most {@code kite.api.max-header-bytes}
 * (431), and the path and every query parameter are well-formed percent-encoded UTF-8 (400 naming
 * the parameter), and a valid URI. On any path, one with an empty or a dot segment is a 400: it would
 * reach the routes of its normal form past the checks that look at the path as sent. Each is answered with a problem document. What the decoded values may contain
 * is checked once the route is known, by {@link ParameterChecks}.
 *
 * <p>Every 503 of the server, on any path, carries a {@code Retry-After}.
 */
@ApplicationScoped
public class RequestBoundary {

    /** Seconds a client is asked to wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    void register(@Observes Filters filters, KiteConfig config) {
        int maxUri = config.api().maxUriLength();
        int maxHeaders = config.api().maxHeaderBytes();
        filters.register(rc -> {
            rc.addHeadersEndHandler(v -> {
                if (rc.response().getStatusCode() == 503 && !rc.response().headers().contains(HttpHeaders.RETRY_AFTER)) {
                    rc.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                }
            });
            String uri = rc.request().uri();
            // the path, also of an absolute-form target (GET http://host/api/...): what routes see
            String path = rc.request().path();
            if (path != null && !normalForm(path)) {
                // routes would match it as its normal form, but the checks of /api look at the path as sent
                answer(rc, 400, "the path has an empty or a dot segment (//, /./ or /../, encoded or not):"
                        + " ask for the resource by its plain path", List.of());
                return;
            }
            if (uri == null || path == null || !path.startsWith("/api/")) {
                String invalid = uri == null ? "no request target" : invalidUri(uri);
                if (invalid != null) {
                    answer(rc, 400, invalid, List.of());
                    return;
                }
                rc.next();
                return;
            }
            if (uri.length() > maxUri) {
                answer(rc, 414, "the request target has " + uri.length() + " characters; the limit is " + maxUri, List.of());
                return;
            }
            long headerBytes = 0;
            for (Map.Entry<String, String> h : rc.request().headers()) {
                headerBytes += h.getKey().length() + h.getValue().length() + 4;
            }
            if (headerBytes > maxHeaders) {
                answer(rc, 431, "the request headers have " + headerBytes + " bytes; the limit is " + maxHeaders, List.of());
                return;
            }
            if (!plain(uri)) {
                FieldError bad = malformed(uri);
                if (bad != null) {
                    answer(rc, 400, bad.path().isEmpty() ? bad.message() : bad.path() + ": " + bad.message(), List.of(bad));
                    return;
                }
                String invalid = invalidUri(uri);
                if (invalid != null) {
                    answer(rc, 400, invalid, List.of(new FieldError("", invalid)));
                    return;
                }
            }
            rc.next();
        }, 300);
    }

    /**
     * Whether {@code path} has no empty segment (but a trailing slash) and no {@code .} or
     * {@code ..} segment, percent-encoded or not.
     */
    static boolean normalForm(String path) {
        // a walk over the characters, not a split: it runs for every request
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i == start ? i < path.length() : dots(path, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Whether {@code path[from, to)} is {@code .} or {@code ..}, percent-encoded or not. */
    private static boolean dots(String path, int from, int to) {
        char first = path.charAt(from);
        if (to - from > 6 || first != '.' && first != '%') {
            return false;
        }
        String d = path.substring(from, to).replace("%2e", ".").replace("%2E", ".");
        return d.equals(".") || d.equals("..");
    }

    /** Characters a path and query may hold as they are (RFC 3986: unreserved, sub-delims, ":", "@", "/", "?"). */
    private static final String PLAIN = "-._~!$&'()*+,;=:@/?";

    /**
     * True when {@code uri} (a path from the root) holds only characters a path and query may hold
     * as they are: no percent-encoding to decode, nothing a URI forbids, so both checks would pass.
     */
    static boolean plain(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PLAIN.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why {@code uri} is not a valid request target (a raw space, a character URIs do not allow),
     * or null. Quarkus's own check of this answers an empty 400; it is switched off by the Kite
     * extension so that this one answers instead.
     */
    static String invalidUri(String uri) {
        try {
            new URI(uri);
            return null;
        } catch (URISyntaxException e) {
            return "the request target is not a valid URI: " + e.getReason() + " at index " + e.getIndex()
                    + " (percent-encode such characters)";
        }
    }

    /** The first part of {@code uri} that is not well-formed percent-encoded UTF-8, or null. */
    static FieldError malformed(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String why = decodeProblem(path);
        if (why != null) {
            return new FieldError("", "the path has " + why);
        }
        if (q < 0) {
            return null;
        }
        for (String pair : uri.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String nameProblem = decodeProblem(rawName);
            if (nameProblem != null) {
                return new FieldError("", "a query parameter name has " + nameProblem);
            }
            String valueProblem = eq < 0 ? null : decodeProblem(pair.substring(eq + 1));
            if (valueProblem != null) {
                return new FieldError(decode(rawName), "the query parameter has " + valueProblem);
            }
        }
        return null;
    }

    /** Why {@code raw} cannot be decoded ("malformed percent-encoding ...", "bytes that are not UTF-8"), or null. */
    private static String decodeProblem(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return "malformed percent-encoding at \"" + raw.substring(i, Math.min(raw.length(), i + 3))
                            + "\" (a % must be followed by two hex digits)";
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return null;
        } catch (CharacterCodingException e) {
            return "percent-encoded bytes that are not UTF-8";
        }
    }

    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static void answer(RoutingContext rc, int status, String detail, List<FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? (status == 431 ? "Request Header Fields Too Large" : "HTTP " + status) : known.getReasonPhrase();
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Problems.document(status, title, detail, errors).toString());
    }
}
