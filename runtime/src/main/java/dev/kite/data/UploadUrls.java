package dev.kite.data;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import dev.kite.security.ApiKeyHasher;

/**
 * Upload URLs of the local store: {@code <kite.storage.uploads.url>/uploads/<token>}, where the
 * token names one object and an expiry and carries their HMAC-SHA256 under a key derived from the
 * server secret (the same on every replica). {@code PUT} on it ({@code UploadRoute}) writes that
 * object; nothing else is allowed with it.
 */
@ApplicationScoped
public class UploadUrls {

    /** The path under which Kite serves upload URLs (outside {@code /api}: the token is the credential). */
    public static final String PATH = "/uploads/";
    private static final String PURPOSE = "local-store-uploads";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Inject
    StorageConfig config;

    @Inject
    ApiKeyHasher hasher;

    Clock clock = Clock.systemUTC();

    /** The upload URL of {@code target} valid for {@code ttl}, or empty without {@code kite.storage.uploads.url}. */
    Uni<Optional<URI>> sign(URI target, Duration ttl) {
        Optional<String> base = config.uploads().url();
        if (base.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String claim = expires + " " + target;
        return hasher.derivedKey(PURPOSE).map(key -> {
            String token = B64.encodeToString(claim.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(key, claim));
            String b = base.get().endsWith("/") ? base.get().substring(0, base.get().length() - 1) : base.get();
            return Optional.of(URI.create(b + PATH + token));
        });
    }

    /** The object a token allows writing, or empty when it is malformed, forged or expired. */
    public Uni<Optional<URI>> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Uni.createFrom().item(Optional.empty());
        }
        String claim;
        byte[] given;
        try {
            claim = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        return hasher.derivedKey(PURPOSE).map(key -> {
            int space = claim.indexOf(' ');
            if (space <= 0 || !MessageDigest.isEqual(mac(key, claim), given)) {
                return Optional.<URI>empty();
            }
            try {
                long expires = Long.parseLong(claim.substring(0, space));
                if (Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
                    return Optional.<URI>empty();
                }
                return Optional.of(URI.create(claim.substring(space + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.<URI>empty();
            }
        });
    }

    private static byte[] mac(byte[] key, String claim) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(claim.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
