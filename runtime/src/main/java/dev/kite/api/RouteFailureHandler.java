package dev.kite.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.kite.config.KiteConfig;

/**
 * Answers failures raised below JAX-RS on {@code /api} as problem documents, like every other API
 * error: the HTTP layer fails a request by status (a chunked body over the limit is a 413) before
 * any resource or exception mapper sees it.
 */
@ApplicationScoped
public class RouteFailureHandler {

    private static final Logger LOG = Logger.getLogger(RouteFailureHandler.class);

    void register(@Observes Router router, KiteConfig config) {
        long max = config.api().maxBodyBytes();
        router.route("/api/*").failureHandler(rc -> answer(rc, max));
    }

    private static void answer(RoutingContext rc, long maxBodyBytes) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        String detail;
        if (status == 413) {
            detail = "the body is larger than the limit of " + maxBodyBytes + " bytes";
            // the rest of the body is not read: the connection cannot carry another request
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        } else if (status >= 500) {
            LOG.error("unexpected failure answering " + rc.request().method() + " " + rc.request().path(), rc.failure());
            detail = "an unexpected error occurred; see the server log";
        } else {
            detail = rc.failure() == null ? null : rc.failure().getMessage();
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .end(Problems.document(status, title, detail, List.of()).toString());
    }
}
