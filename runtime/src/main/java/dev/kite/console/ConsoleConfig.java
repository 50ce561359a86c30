package dev.kite.console;

import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console served at {@code /console} (src/docs/console.md), under {@code kite.console.}. */
@ConfigMapping(prefix = "kite.console")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface ConsoleConfig {

    /**
     * The client id the console signs in with through the OIDC authorization code flow (with
     * PKCE, a public client) at the issuer {@code quarkus.oidc.auth-server-url}. Unset: the console
     * offers API-key sign-in only.
     */
    Optional<String> oidcClientId();

    /** The scopes the console asks the issuer for. */
    @WithDefault("openid")
    String oidcScope();
}
