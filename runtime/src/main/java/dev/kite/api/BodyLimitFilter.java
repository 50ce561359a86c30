package dev.kite.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import dev.kite.config.KiteConfig;

/**
 * Caps request bodies on {@code /api} at {@code kite.api.max-body-bytes}, answering 413 with a
 * problem document. A body with a {@code Content-Length} over the cap is refused before it is
 * read; a chunked body (no length) is read up to the cap and refused when it goes beyond, through
 * {@link RouteFailureHandler}.
 */
@ApplicationScoped
public class BodyLimitFilter {

    void sized(@Observes Filters filters, KiteConfig config) {
        long max = config.api().maxBodyBytes();
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && rc.request().path().startsWith("/api/")) {
                long n;
                try {
                    n = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    n = Long.MAX_VALUE;
                }
                if (n > max) {
                    rc.response().setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(Problems.document(413, Response.Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(),
                                    "the body has " + n + " bytes; the limit is " + max, List.of()).toString());
                    return;
                }
            }
            rc.next();
        }, 100);
    }

    void chunked(@Observes Router router, KiteConfig config) {
        // Without this, JAX-RS streams a chunked body and answers the HTTP limit with an empty 413;
        // read here, the body fails the route instead (a problem document) and JAX-RS takes the buffer.
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(config.api().maxBodyBytes());
        router.route("/api/*").order(-1).handler(rc -> {
            // only a body that is really being sent in chunks: a GET has none, and reading an
            // already-ended request fails ("Request has already been read")
            String encoding = rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
            if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null && encoding != null
                    && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                reader.handle(rc);
            } else {
                rc.next();
            }
        });
    }
}
