package dev.kite.security;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Authentication and authorization, under {@code kite.security.} (src/docs/security.md). OIDC
 * itself is configured with Quarkus's {@code quarkus.oidc.*} properties.
 */
@ConfigMapping(prefix = "kite.security")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface SecurityConfig {

    /**
     * When false, every request is served as an anonymous principal with every right (a local
     * development mode, logged loudly at start-up). Kite then refuses to listen on anything but a
     * loopback address.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * An API key (starting with {@code kite_}, at least 32 characters) accepted with every right
     * ({@code *:admin} and {@code operator}) under the principal {@code bootstrap}: the way to
     * create the first real keys. Set it from the environment ({@code KITE_BOOTSTRAP_API_KEY});
     * unset it once real keys exist.
     */
    Optional<String> bootstrapApiKey();

    /** API keys issued by Kite. */
    ApiKeys apiKeys();

    interface ApiKeys {
        /**
         * The server secret API keys are hashed with (HMAC-SHA256), at least 32 characters. When
         * unset, Kite generates one and keeps it in its database, shared by all replicas.
         */
        Optional<String> hashSecret();

        /**
         * How long a replica trusts a key it has looked up before reading it again. A key revoked
         * on another replica stops working here within this time; on the replica that revoked it,
         * at once.
         */
        @WithDefault("10s")
        Duration cacheTtl();

        /** Least time between two writes of a key's last-used time. */
        @WithDefault("60s")
        Duration lastUsedInterval();
    }
}
