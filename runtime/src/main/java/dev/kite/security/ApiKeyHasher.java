package dev.kite.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes and hashes API keys. A key is {@code kite_} and 32 random bytes (base64url); only its
 * HMAC-SHA256 under the server secret is stored (decision record 0009). The secret is
 * {@code kite.security.api-keys.hash-secret}, or one generated once and kept in the database.
 */
@ApplicationScoped
public class ApiKeyHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SETTING = "api-key-hash-secret";

    @Inject
    SecurityConfig config;

    @Inject
    Pool pool;

    private volatile byte[] secret;

    /** A new random key. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return ApiKeyMechanism.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex HMAC-SHA256 of {@code key} under the server secret. */
    Uni<String> hash(String key) {
        byte[] s = secret;
        if (s != null) {
            return Uni.createFrom().item(hmac(s, key));
        }
        return secret().map(loaded -> hmac(loaded, key));
    }

    /**
     * A key for {@code purpose} derived from the server secret (HMAC-SHA256 of the purpose), the
     * same on every replica: for signatures Kite checks itself, such as upload URLs.
     */
    public Uni<byte[]> derivedKey(String purpose) {
        byte[] s = secret;
        Uni<byte[]> base = s != null ? Uni.createFrom().item(s) : secret();
        return base.map(b -> HexFormat.of().parseHex(hmac(b, "kite:" + purpose)));
    }

    private Uni<byte[]> secret() {
        if (config.apiKeys().hashSecret().isPresent()) {
            String configured = config.apiKeys().hashSecret().get();
            if (configured.length() < 32) {
                return Uni.createFrom().failure(new IllegalStateException("kite.security.api-keys.hash-secret must have at least 32 characters"));
            }
            secret = configured.getBytes(StandardCharsets.UTF_8);
            return Uni.createFrom().item(secret);
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        // the first replica to get here writes it; every replica then reads the same one
        return pool.preparedQuery("insert into security_settings (name, value) values ($1, $2) on conflict (name) do nothing")
                .execute(Tuple.of(SETTING, Base64.getEncoder().encodeToString(fresh)))
                .chain(() -> pool.preparedQuery("select value from security_settings where name = $1").execute(Tuple.of(SETTING)))
                .map(rs -> {
                    byte[] stored = Base64.getDecoder().decode(rs.iterator().next().getString(0));
                    secret = stored;
                    return stored;
                });
    }

    private static String hmac(byte[] secret, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
