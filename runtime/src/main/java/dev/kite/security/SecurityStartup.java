package dev.kite.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Checks the security settings at start-up and says how this Kite authenticates: it refuses to
 * start without security on a non-loopback address, or with a malformed bootstrap key.
 */
@ApplicationScoped
public class SecurityStartup {

    private static final Logger LOG = Logger.getLogger(SecurityStartup.class);

    void check(@Observes StartupEvent start, SecurityConfig config) {
        String host = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        if (!config.enabled()) {
            if (!loopback(host)) {
                throw new IllegalStateException("kite.security.enabled=false is only allowed on a loopback address, but"
                        + " quarkus.http.host is " + host + ": turn security on, or listen on 127.0.0.1");
            }
            LOG.warn("SECURITY IS OFF (kite.security.enabled=false): every request on " + host
                    + " is served with every right, without credentials. For local development only.");
            return;
        }
        config.bootstrapApiKey().ifPresent(key -> {
            if (!key.startsWith(ApiKeyMechanism.PREFIX) || key.length() < 32) {
                throw new IllegalStateException("kite.security.bootstrap-api-key must start with '" + ApiKeyMechanism.PREFIX
                        + "' and have at least 32 characters");
            }
        });
        String issuer = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse(null);
        LOG.infof("authentication: API keys (Authorization: Bearer kite_...)%s%s", config.bootstrapApiKey().isPresent()
                ? ", the bootstrap key (kite.security.bootstrap-api-key)" : "",
                issuer == null ? "; no OIDC issuer (quarkus.oidc.auth-server-url)" : "; OIDC bearer tokens of " + issuer);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
