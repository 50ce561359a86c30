package dev.kite.security;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys in PostgreSQL (table {@code api_keys}). */
@ApplicationScoped
public class ApiKeyStore {

    @Inject
    Pool pool;

    Uni<ApiKey> insert(UUID id, String name, String owner, List<String> scopes, String hash, String prefix, String createdBy,
            OffsetDateTime expiresAt) {
        return pool.preparedQuery("insert into api_keys (id, name, owner, scopes, hash, prefix, created_by, expires_at) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8) returning " + ApiKey.COLUMNS)
                .execute(Tuple.from(new Object[] {id, name, owner, scopes.toArray(String[]::new), hash, prefix, createdBy, expiresAt}))
                .map(rs -> ApiKey.from(rs.iterator().next()));
    }

    Uni<Optional<ApiKey>> findByHash(String hash) {
        return pool.preparedQuery("select " + ApiKey.COLUMNS + " from api_keys where hash = $1").execute(Tuple.of(hash))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(ApiKey.from(rs.iterator().next())));
    }

    Uni<Optional<ApiKey>> find(UUID id) {
        return pool.preparedQuery("select " + ApiKey.COLUMNS + " from api_keys where id = $1").execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(ApiKey.from(rs.iterator().next())));
    }

    Uni<List<ApiKey>> list() {
        return pool.query("select " + ApiKey.COLUMNS + " from api_keys order by created_at, id").execute().map(rs -> {
            List<ApiKey> out = new ArrayList<>(rs.size());
            for (Row r : rs) {
                out.add(ApiKey.from(r));
            }
            return out;
        });
    }

    /** Revokes the key; false when it was revoked already. */
    Uni<Boolean> revoke(UUID id, String by) {
        return pool.preparedQuery("update api_keys set revoked_at = now(), revoked_by = $2 where id = $1 and revoked_at is null")
                .execute(Tuple.of(id, by)).map(rs -> rs.rowCount() > 0);
    }

    Uni<Void> touch(UUID id) {
        return pool.preparedQuery("update api_keys set last_used_at = now() where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }
}
