package dev.kite.plugin.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.Templates;
import dev.kite.spi.TaskContext;

/**
 * A request of a task's config, parsed and checked once: method, URL, header, query and body
 * templates. {@link #render} turns it into an {@link OutgoingRequest} for one call.
 */
final class RequestSpec {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> MANAGED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "upgrade", "te", "trailer", "keep-alive");

    /** A header: a template, or a secret reference. */
    private record Header(String name, String path, Templates.Template value, String secret, String prefix) {
    }

    private final String method;
    private final Templates.Template url;
    private final List<Header> headers;
    private final List<Map.Entry<String, Templates.Template>> query;
    private final Templates.JsonTemplate body;

    private RequestSpec(String method, Templates.Template url, List<Header> headers,
            List<Map.Entry<String, Templates.Template>> query, Templates.JsonTemplate body) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.query = query;
        this.body = body;
    }

    /**
     * Parses a request; null after recording errors under {@code path}.
     *
     * @param urlRequired false when a missing URL means "the job's URL" (status, cancel)
     */
    static RequestSpec compile(HttpRequestConfig c, String defaultMethod, boolean urlRequired, Templates.Scope scope,
            String path, FieldErrors errors) {
        int before = errors.size();
        String method = c.method() == null ? defaultMethod : c.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            errors.add(FieldErrors.child(path, "method"), "expected one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        Templates.Template url = null;
        if (c.url() == null || c.url().isBlank()) {
            if (urlRequired) {
                errors.add(FieldErrors.child(path, "url"), "required");
            }
        } else {
            url = Templates.parseUrl(c.url(), scope, FieldErrors.child(path, "url"), errors);
            String ambiguous = url == null ? null : AddressPolicy.ambiguousIpv4(literalHost(c.url()));
            if (ambiguous != null) {
                errors.add(FieldErrors.child(path, "url"), ambiguous);
                url = null;
            }
        }
        List<Header> headers = new ArrayList<>();
        if (c.headers() != null) {
            for (Map.Entry<String, JsonNode> e : c.headers().entrySet()) {
                Header h = header(e.getKey(), e.getValue(), scope, FieldErrors.child(FieldErrors.child(path, "headers"), e.getKey()), errors);
                if (h != null) {
                    headers.add(h);
                }
            }
        }
        List<Map.Entry<String, Templates.Template>> query = new ArrayList<>();
        if (c.query() != null) {
            for (Map.Entry<String, String> e : c.query().entrySet()) {
                String p = FieldErrors.child(FieldErrors.child(path, "query"), e.getKey());
                if (e.getValue() == null) {
                    errors.add(p, "expected a string");
                    continue;
                }
                Templates.Template t = Templates.parse(e.getValue(), scope, p, errors);
                if (t != null) {
                    query.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), t));
                }
            }
        }
        Templates.JsonTemplate body = null;
        if (c.body() != null && !c.body().isNull()) {
            if (method.equals("GET") || method.equals("HEAD")) {
                errors.add(FieldErrors.child(path, "body"), method + " requests carry no body");
            }
            body = Templates.parseJson(c.body(), scope, FieldErrors.child(path, "body"), errors);
        }
        return errors.size() == before ? new RequestSpec(method, url, List.copyOf(headers), List.copyOf(query), body) : null;
    }

    private static Header header(String name, JsonNode value, Templates.Scope scope, String path, FieldErrors errors) {
        if (!TOKEN.matcher(name).matches()) {
            errors.add(path, "not a valid header name");
            return null;
        }
        if (MANAGED.contains(name.toLowerCase(Locale.ROOT))) {
            errors.add(path, "the HTTP client sets this header itself");
            return null;
        }
        if (value != null && value.isTextual()) {
            if (!headerSafe(value.textValue())) {
                errors.add(path, "contains a line break or a control character, which a header cannot hold");
                return null;
            }
            Templates.Template t = Templates.parse(value.textValue(), scope, path, errors);
            return t == null ? null : new Header(name, path, t, null, null);
        }
        if (value != null && value.isObject() && value.has("secret")) {
            int before = errors.size();
            value.fieldNames().forEachRemaining(f -> {
                if (!f.equals("secret") && !f.equals("prefix")) {
                    errors.add(FieldErrors.child(path, f), "unknown field; expected secret, prefix");
                }
            });
            JsonNode secret = value.get("secret");
            JsonNode prefix = value.get("prefix");
            if (!secret.isTextual() || secret.textValue().isBlank()) {
                errors.add(FieldErrors.child(path, "secret"), "expected the name of a secret");
            }
            if (prefix != null && !prefix.isTextual()) {
                errors.add(FieldErrors.child(path, "prefix"), "expected a string");
            } else if (prefix != null && !headerSafe(prefix.textValue())) {
                errors.add(FieldErrors.child(path, "prefix"), "contains a line break or a control character, which a header cannot hold");
            }
            return errors.size() == before
                    ? new Header(name, path, null, secret.textValue(), prefix == null ? "" : prefix.textValue()) : null;
        }
        errors.add(path, "expected a string (a template) or a secret reference {\"secret\": \"name\"}");
        return null;
    }

    /** The host of a URL template as written (the scheme and host are always literal), without port or brackets. */
    private static String literalHost(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0 && !url.startsWith("{{", end)) {
            end++;
        }
        String authority = url.substring(start, end);
        if (authority.startsWith("[")) {
            return "";
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    String method() {
        return method;
    }

    /**
     * The request for one call.
     *
     * @param data           values by template root ({@code inputs}, {@code job})
     * @param defaultUrl     the URL when the spec has none (the job's URL), else null
     * @param idempotencyKey the {@code Idempotency-Key} header value, or null for none
     * @throws HttpFailure (USER) when a value cannot be rendered or a secret is missing
     */
    OutgoingRequest render(Map<String, JsonNode> data, String defaultUrl, TaskContext<?> ctx, String idempotencyKey) {
        Set<String> secrets = new LinkedHashSet<>();
        try {
            String text = url != null ? url.renderUrl(data) : defaultUrl;
            if (text == null) {
                throw HttpFailure.user("HTTP_BAD_URL", "the request has no URL");
            }
            URI uri = withQuery(text, data);
            List<Map.Entry<String, String>> out = new ArrayList<>();
            for (Header h : headers) {
                String value;
                if (h.secret() != null) {
                    Optional<String> s = ctx.secret(h.secret());
                    if (s.isEmpty()) {
                        throw HttpFailure.user("SECRET_MISSING", "secret '" + h.secret() + "' named by " + h.path()
                                + " is not defined in this Kite (kite.secrets.\"" + h.secret() + "\")");
                    }
                    secrets.add(s.get());
                    value = h.prefix() + s.get();
                    if (!headerSafe(value)) {
                        throw HttpFailure.user("SECRET_INVALID", "secret '" + h.secret() + "' contains a line break or"
                                + " a control character and cannot be sent in a header (" + h.path() + ")");
                    }
                } else {
                    value = h.value().render(data, v -> {
                        String t = Templates.TEXT.encode(v);
                        if (!headerSafe(t)) {
                            throw new Templates.RenderException("a value in " + h.path()
                                    + " contains a line break or a control character, which a header cannot hold");
                        }
                        return t;
                    });
                }
                out.add(new AbstractMap.SimpleImmutableEntry<>(h.name(), wire(value)));
            }
            if (idempotencyKey != null && out.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Idempotency-Key"))) {
                out.add(new AbstractMap.SimpleImmutableEntry<>("Idempotency-Key", idempotencyKey));
            }
            byte[] bytes = null;
            if (body != null) {
                bytes = body.render(data).toString().getBytes(StandardCharsets.UTF_8);
                if (out.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
                    out.add(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json"));
                }
            }
            return new OutgoingRequest(method, uri, List.copyOf(out), bytes, Set.copyOf(secrets));
        } catch (Templates.RenderException e) {
            throw HttpFailure.user("TEMPLATE", e.getMessage());
        }
    }

    private URI withQuery(String rendered, Map<String, JsonNode> data) {
        StringBuilder sb = new StringBuilder(rendered);
        int hash = rendered.indexOf('#');
        String fragment = hash < 0 ? "" : sb.substring(hash);
        if (hash >= 0) {
            sb.setLength(hash);
        }
        for (Map.Entry<String, Templates.Template> q : query) {
            sb.append(sb.indexOf("?") < 0 ? '?' : '&').append(Templates.percent(q.getKey())).append('=')
                    .append(q.getValue().render(data, Templates.QUERY_VALUE));
        }
        sb.append(fragment);
        try {
            URI uri = new URI(sb.toString());
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw HttpFailure.user("HTTP_BAD_URL", "not an absolute http(s) URL with a host: " + HttpErrors.excerpt(sb.toString()));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw HttpFailure.user("HTTP_BAD_URL", "the URL is not valid: " + HttpErrors.excerpt(e.getMessage()));
        }
    }

    /**
     * The header value whose characters are the UTF-8 bytes of {@code value}: the client writes a
     * header's characters as single bytes, so this sends non-ASCII text as UTF-8 instead of '?'.
     */
    private static String wire(String value) {
        return value.chars().allMatch(c -> c < 0x80) ? value
                : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean headerSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
