package dev.kite.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;

import dev.kite.config.KiteConfig;

/**
 * Refuses bodies larger than {@code kite.api.max-body-bytes} with a 413 problem before reading
 * them. Chunked bodies without a length are capped by {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodyLimitFilter {

    void register(@Observes Filters filters, KiteConfig config) {
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
                            .end("{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,"
                                    + "\"detail\":\"the body has " + n + " bytes; the limit is " + max + "\"}");
                    return;
                }
            }
            rc.next();
        }, 100);
    }
}
