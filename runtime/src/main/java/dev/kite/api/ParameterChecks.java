package dev.kite.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.kite.model.FieldError;

/**
 * Checks every request to a resource of the REST API once its route is known, the same way for
 * every endpoint:
 * <ul>
 *   <li>a request that carries a body must send it as {@code application/json} (or a
 *       {@code +json} type): anything else, or no type, is a 415. Browsers send {@code text/plain}
 *       and form bodies cross-site without asking first; JSON they do not.</li>
 *   <li>no path or query parameter may contain a control character (U+0000–U+001F, U+007F–U+009F)
 *       or an unpaired surrogate: a 400 naming the parameter. PostgreSQL cannot store U+0000, and
 *       none of these is part of any name, id or filter value Kite knows.</li>
 * </ul>
 * Bodies are checked by {@link JsonBodies#parse}, the one way a resource reads one.
 */
public class ParameterChecks {

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        Response unsupported = contentType(request);
        if (unsupported != null) {
            return unsupported;
        }
        FieldError bad = firstBad(request.getUriInfo().getPathParameters(true), "path parameter");
        if (bad == null) {
            bad = firstBad(request.getUriInfo().getQueryParameters(true), "query parameter");
        }
        if (bad != null) {
            return Problems.response(400, "Invalid request", bad.path() + ": " + bad.message(), List.of(bad));
        }
        return null;
    }

    private static Response contentType(ContainerRequestContext request) {
        if (!BODY_METHODS.contains(request.getMethod())) {
            return null;
        }
        // a request without a body (POST .../abort) is judged by its method, whatever type it names
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean body = length != null ? !length.strip().equals("0") : request.getHeaderString("Transfer-Encoding") != null;
        if (!body) {
            return null;
        }
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null && json(type)) {
            return null;
        }
        return Problems.response(415, "Unsupported Media Type", "a request body must be JSON: send it with Content-Type: "
                + MediaType.APPLICATION_JSON + (type == null ? " (no Content-Type was sent)" : " (got " + type + ")"), List.of());
    }

    private static boolean json(String contentType) {
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.equals(MediaType.APPLICATION_JSON) || t.startsWith("application/") && t.endsWith("+json");
    }

    private static FieldError firstBad(MultivaluedMap<String, String> params, String kind) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String why = Characters.problem(e.getKey());
            if (why != null) {
                return new FieldError(kind, "a " + kind + " name " + why);
            }
            for (String value : e.getValue()) {
                why = value == null ? null : Characters.problem(value);
                if (why != null) {
                    return new FieldError(e.getKey(), "the " + kind + " '" + e.getKey() + "' " + why);
                }
            }
        }
        return null;
    }
}
