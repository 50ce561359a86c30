package dev.kite.console;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The web console's routes beside its static files ({@code META-INF/resources/console}):
 * {@code /console} → {@code /console/}, {@code /console/config.json} (what the sign-in page needs
 * before anyone is signed in: the OIDC issuer and client, or none), and the headers of every
 * console answer — a Content-Security-Policy that lets the pages load scripts, styles and images
 * from Kite only and talk to Kite (plus https origins, for signed download URLs, and the OIDC
 * issuer), no framing, no sniffing.
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self' https:%s; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    void routes(@Observes Router router, ConsoleConfig console,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer) {
        router.routeWithRegex("^/console$").handler(rc -> rc.redirect("/console/"));
        String config = new JsonObject().put("oidc", issuer.filter(s -> !s.isBlank()).flatMap(i -> console.oidcClientId()
                .map(id -> new JsonObject().put("issuer", i).put("clientId", id).put("scope", console.oidcScope())))
                .orElse(null)).encode();
        router.get("/console/config.json").handler(rc -> rc.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(config));
    }

    void headers(@Observes Filters filters, @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer) {
        String policy = POLICY.formatted(issuer.filter(s -> !s.isBlank()).map(ConsoleRoutes::origin).map(o -> " " + o).orElse(""));
        filters.register(rc -> {
            if (rc.request().path().startsWith("/console")) {
                rc.response().putHeader("Content-Security-Policy", policy).putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Frame-Options", "DENY");
            }
            rc.next();
        }, 50);
    }

    /** scheme://host[:port] of a URL. */
    static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
