package dev.kite.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.arc.ClientProxy;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every request under {@code /api/} needs a principal: an API key or an OIDC token (or security
 * off). Runs before matching, so an unknown path is a 401 too, and before any other filter reads
 * the body. Unauthenticated and badly authenticated requests get a 401 problem with
 * {@code WWW-Authenticate}.
 */
public class AuthenticationFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    CurrentCaller current;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(HttpServerRequest request) {
        if (!request.path().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        boolean sent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        // this request's instance, taken while its context is current: the identity may be
        // delivered on another context (no context is propagated, decision 0048)
        CurrentCaller mine = ClientProxy.unwrap(current);
        return identities.getDeferredIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return sent
                        ? SecurityProblems.response("invalid_token", "the credential is not accepted: send an API key"
                                + " (Authorization: Bearer kite_...) or a token of the configured OIDC issuer")
                        : SecurityProblems.response(null, "authentication required: send an API key"
                                + " (Authorization: Bearer kite_...) or an OIDC bearer token");
            }
            mine.set(caller(identity, address));
            return null;
        }).onFailure(f -> f instanceof AuthenticationException).recoverWithItem(f -> SecurityProblems.response("invalid_token",
                detail(f)));
    }

    /** The reason a credential failed, for its holder: never the credential itself. */
    private static String detail(Throwable f) {
        String m = f.getMessage();
        if (m != null && (m.startsWith("unknown API key") || m.startsWith("the API key "))) {
            return m;
        }
        return "the bearer token is invalid or expired";
    }

    private static Caller caller(SecurityIdentity identity, String address) {
        String key = identity.getAttribute(ApiKeyIdentityProvider.KEY_NAME);
        return new Caller(identity.getPrincipal().getName(), key, address, Grants.of(identity.getRoles()));
    }

    @ServerExceptionMapper
    public Response unauthorized(SecurityProblems.Unauthorized e) {
        return SecurityProblems.response(e.error, e.getMessage());
    }
}
