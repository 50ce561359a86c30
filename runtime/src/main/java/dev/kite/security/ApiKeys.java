package dev.kite.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.api.ProblemException;

/**
 * Issuing and revoking API keys. A caller hands on only rights it holds as an admin: a scope
 * {@code p:<role>} needs admin of {@code p}, {@code *:<role>} admin of every project, and
 * {@code operator} both the operator role and admin of every project. A key is managed by those
 * who could have issued it.
 */
@ApplicationScoped
public class ApiKeys {

    @Inject
    ApiKeyStore store;

    @Inject
    ApiKeyHasher hasher;

    @Inject
    ApiKeyIdentityProvider identities;

    @Inject
    AuditLog audit;

    /** Fails with 403 unless {@code c} may hand on every scope. */
    public void checkGrantable(Caller c, List<String> scopes) {
        for (String s : scopes) {
            if (!grantable(c, s)) {
                throw SecurityProblems.forbidden(c, "cannot grant '" + s + "': a key's scopes need admin of their project"
                        + " (and the operator role for 'operator')");
            }
        }
    }

    private static boolean grantable(Caller c, String scope) {
        Grants g = c.grants();
        Role everywhere = g.everywhere();
        boolean globalAdmin = everywhere != null && everywhere.includes(Role.ADMIN);
        if (Grants.OPERATOR.equals(scope)) {
            return g.operator() && globalAdmin;
        }
        String project = scope.substring(0, scope.lastIndexOf(':'));
        if (Grants.ALL.equals(project)) {
            return globalAdmin;
        }
        Role have = g.role(project);
        return have != null && have.includes(Role.ADMIN);
    }

    /** Issues a key; the answer holds the key itself, the only time it is shown. */
    public Uni<ObjectNode> create(Caller c, String name, String owner, List<String> scopes, OffsetDateTime expiresAt) {
        checkGrantable(c, scopes);
        String key = ApiKeyHasher.newKey();
        UUID id = UUID.randomUUID();
        return hasher.hash(key)
                .chain(hash -> store.insert(id, name, owner, scopes, hash, key.substring(0, 12), c.label(), expiresAt))
                .call(k -> audit.record(c, AuditLog.KEY_CREATED, null, k.id().toString(), JsonNodeFactory.instance.objectNode()
                        .put("name", k.name()).put("owner", k.owner()).putPOJO("scopes", k.scopes())))
                .map(k -> view(k).put("key", key));
    }

    /** The keys {@code c} manages, oldest first. */
    public Uni<List<ObjectNode>> list(Caller c) {
        return store.list().map(all -> all.stream().filter(k -> manages(c, k)).map(ApiKeys::view).toList());
    }

    /** Revokes a key (idempotent); 404 for keys the caller does not manage. */
    public Uni<ObjectNode> revoke(Caller c, UUID id) {
        return store.find(id).chain(found -> {
            if (found.isEmpty() || !manages(c, found.get())) {
                throw ProblemException.notFound("no API key " + id);
            }
            return store.revoke(id, c.label()).chain(revoked -> {
                identities.forget(id);
                Uni<Void> recorded = revoked
                        ? audit.record(c, AuditLog.KEY_REVOKED, null, id.toString(),
                                JsonNodeFactory.instance.objectNode().put("name", found.get().name()))
                        : Uni.createFrom().voidItem();
                return recorded.chain(() -> store.find(id));
            });
        }).map(k -> view(k.orElseThrow()));
    }

    private static boolean manages(Caller c, ApiKey k) {
        return k.scopes().stream().allMatch(s -> grantable(c, s));
    }

    private static ObjectNode view(ApiKey k) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", k.id().toString());
        n.put("name", k.name());
        n.put("owner", k.owner());
        n.putPOJO("scopes", k.scopes());
        n.put("prefix", k.prefix());
        n.put("createdAt", k.createdAt().toInstant().toString());
        n.put("createdBy", k.createdBy());
        n.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toInstant().toString());
        n.put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toInstant().toString());
        n.put("revokedBy", k.revokedBy());
        n.put("lastUsedAt", k.lastUsedAt() == null ? null : k.lastUsedAt().toInstant().toString());
        return n;
    }
}
