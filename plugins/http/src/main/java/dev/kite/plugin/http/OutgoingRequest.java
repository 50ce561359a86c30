package dev.kite.plugin.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rendered request, ready to send.
 *
 * @param method  the HTTP method
 * @param uri     the absolute URL
 * @param headers name → value, in order (secret values resolved)
 * @param body    the body, or null
 * @param secrets the secret values in the headers, to be kept out of every message
 */
record OutgoingRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body, Set<String> secrets) {

    /** {@code METHOD scheme://host:port/path}: no query, no headers, so nothing secret. */
    String description() {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    int port() {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    boolean hasHeader(String name) {
        return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
    }
}
