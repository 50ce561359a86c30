package dev.kite.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an API key into an identity: the bootstrap key, a key issued by Kite (looked up by hash,
 * trusted for {@code kite.security.api-keys.cache-ttl}), or — with security off — no key at all.
 * A key's scopes become the identity's roles; its name is the attribute {@value #KEY_NAME}.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    static final String KEY_NAME = "kite.key-name";
    static final String BOOTSTRAP = "bootstrap";
    static final String ANONYMOUS = "anonymous";
    private static final Set<String> EVERYTHING = Set.of("*:admin", Grants.OPERATOR);
    private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);
    /** Identities do not change once built: the two fixed ones are built once. */
    private static final SecurityIdentity ANONYMOUS_IDENTITY = identity(ANONYMOUS, null, EVERYTHING);
    private static final SecurityIdentity BOOTSTRAP_IDENTITY = identity(BOOTSTRAP, BOOTSTRAP, EVERYTHING);

    @Inject
    SecurityConfig config;

    @Inject
    ApiKeyHasher hasher;

    @Inject
    ApiKeyStore store;

    private record Cached(ApiKey key, Instant readAt) {
    }

    /** Keys found by hash (only keys that exist: unknown keys are not remembered, so guessing cannot fill it). */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();
    /** The SHA-256 of the bootstrap key, once needed (the configuration does not change at run time). */
    private volatile byte[] bootstrapDigest;

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        String key = request.key();
        if (key == null) {
            return Uni.createFrom().item(ANONYMOUS_IDENTITY);
        }
        if (config.bootstrapApiKey().isPresent() && isBootstrap(key)) {
            return Uni.createFrom().item(BOOTSTRAP_IDENTITY);
        }
        return hasher.hash(key).chain(hash -> {
            Cached c = cache.get(hash);
            if (c != null && c.readAt.plus(config.apiKeys().cacheTtl()).isAfter(Instant.now())) {
                return Uni.createFrom().item(c.key);
            }
            return store.findByHash(hash).map(found -> {
                if (found.isEmpty()) {
                    cache.remove(hash);
                    return null;
                }
                cache.put(hash, new Cached(found.get(), Instant.now()));
                return found.get();
            });
        }).map(k -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            if (k == null) {
                throw new AuthenticationFailedException("unknown API key");
            }
            if (k.revokedAt() != null) {
                throw new AuthenticationFailedException("the API key " + k.name() + " was revoked");
            }
            if (!k.usable(now)) {
                throw new AuthenticationFailedException("the API key " + k.name() + " expired at " + k.expiresAt());
            }
            touch(k);
            return identity(k.owner(), k.name(), Set.copyOf(k.scopes()));
        });
    }

    /** Forgets a key at once on this replica (after its revocation). */
    void forget(UUID id) {
        cache.values().removeIf(c -> c.key.id().equals(id));
    }

    private void touch(ApiKey k) {
        Instant now = Instant.now();
        Instant last = touched.get(k.id());
        if (last != null && last.plus(config.apiKeys().lastUsedInterval()).isAfter(now)) {
            return;
        }
        touched.put(k.id(), now);
        store.touch(k.id()).subscribe().with(x -> { }, f -> LOG.debugf("last-used time of API key %s not written: %s", k.name(), f));
    }

    private static SecurityIdentity identity(String principal, String keyName, Set<String> roles) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(principal))
                .addRoles(roles);
        if (keyName != null) {
            b.addAttribute(KEY_NAME, keyName);
        }
        return b.build();
    }

    /**
     * Compares the key with the bootstrap key in constant time (their digests, so that lengths do
     * not leak either); the bootstrap key's digest is computed once.
     */
    private boolean isBootstrap(String key) {
        byte[] expected = bootstrapDigest;
        if (expected == null) {
            expected = digest(config.bootstrapApiKey().get());
            bootstrapDigest = expected;
        }
        return MessageDigest.isEqual(digest(key), expected);
    }

    private static byte[] digest(String secret) {
        return SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** One digest per thread (looking the algorithm up costs more than the digest of a key). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
