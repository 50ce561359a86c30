package dev.kite.api;

import java.net.URI;

import jakarta.ws.rs.core.UriInfo;

/**
 * {@code Location} headers, made absolute from the request's base URI. A resource reads the base
 * at the start of the request and builds the header from it later: the continuation that answers
 * may run on another context (the group commit's, the engine's, the cache's), where this request,
 * and so RESTEasy's own resolution of a relative location, is not current (decision 0048).
 */
public final class Locations {

    private Locations() {
    }

    /** The request's base URI, read while the request is current. */
    public static URI base(UriInfo request) {
        return request.getBaseUri();
    }

    /** {@code path} (as {@code UriBuilder} builds it, encoded, from the root) under {@code base}. */
    public static URI absolute(URI base, URI path) {
        String p = path.getRawPath();
        return base.resolve(p.startsWith("/") ? p.substring(1) : p);
    }
}
