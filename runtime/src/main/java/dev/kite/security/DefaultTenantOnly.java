package dev.kite.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Always the tenant of {@code quarkus.oidc.*}. Its presence lets Kite start without an issuer:
 * quarkus-oidc then disables its default tenant instead of failing for a missing
 * {@code quarkus.oidc.auth-server-url} (API keys still work).
 */
@ApplicationScoped
public class DefaultTenantOnly implements TenantConfigResolver {

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> request) {
        return Uni.createFrom().nullItem();
    }
}
