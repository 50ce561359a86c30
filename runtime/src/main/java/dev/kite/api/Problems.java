package dev.kite.api;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.HttpServerRequest;

import dev.kite.model.FieldError;
import dev.kite.model.ValidationException;

/** Every error of the REST API leaves as {@code application/problem+json}; this is the one place that writes them. */
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        return Response.status(status).type(MEDIA_TYPE).entity(document(status, title, detail, errors)).build();
    }

    /** The problem document itself, for answers written below JAX-RS (Vert.x filters and failure handlers). */
    public static ObjectNode document(int status, String title, String detail, List<FieldError> errors) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = body.putArray("errors");
            for (FieldError e : errors) {
                list.addObject().put("path", e.path()).put("message", e.message());
            }
        }
        return body;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e.status(), e.title(), e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        String detail = e.errors().size() + " invalid field(s): "
                + e.errors().stream().map(FieldError::path).collect(Collectors.joining(", "));
        return response(400, "Invalid request", detail, e.errors());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String detail = e.getMessage();
        Set<String> allowed = e.getResponse().getAllowedMethods();
        // JAX-RS's own messages ("HTTP 404 Not Found") say nothing the status does not; name the request instead
        if (status == 404 && e instanceof NotFoundException) {
            detail = "no resource at " + request.method() + " " + request.path();
        } else if (status == 406) {
            detail = "this resource answers none of the types the request accepts (Accept: " + request.getHeader("Accept") + ")";
        } else if (status == 405) {
            detail = request.method() + " is not allowed on " + request.path()
                    + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
        }
        Response problem = response(status, known == null ? "HTTP " + status : known.getReasonPhrase(), detail, List.of());
        if (!allowed.isEmpty()) {
            return Response.fromResponse(problem).allow(allowed).build();
        }
        return problem;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (unreachable(e)) {
            LOG.warnf("answered 503: a backing service is unreachable: %s", e.toString());
            Response problem = response(503, "Service Unavailable",
                    "Kite cannot reach a service it depends on (PostgreSQL or Redis); try again later", List.of());
            return Response.fromResponse(problem).header("Retry-After", "5").build();
        }
        LOG.error("unexpected error answering a request", e);
        return response(500, "Internal Server Error", "an unexpected error occurred; see the server log", List.of());
    }

    /** A connection that could not be opened, anywhere in the cause chain: a service is down, the request is not wrong. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
