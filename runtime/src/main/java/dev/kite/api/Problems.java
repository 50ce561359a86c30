package dev.kite.api;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldError;
import dev.kite.model.ValidationException;

/** Every error of the REST API leaves as {@code application/problem+json}; this is the one place that writes them. */
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
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
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
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
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return response(status, known == null ? "HTTP " + status : known.getReasonPhrase(), e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error answering a request", e);
        return response(500, "Internal Server Error", "an unexpected error occurred; see the server log", List.of());
    }
}
