package dev.kite.security;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An API key as stored (never the key itself: only its hash and a short prefix to recognize it by). */
record ApiKey(UUID id, String name, String owner, List<String> scopes, String prefix, OffsetDateTime createdAt,
        String createdBy, OffsetDateTime expiresAt, OffsetDateTime revokedAt, String revokedBy, OffsetDateTime lastUsedAt) {

    static final String COLUMNS = "id, name, owner, scopes, prefix, created_at, created_by, expires_at, revoked_at, "
            + "revoked_by, last_used_at";

    static ApiKey from(io.vertx.mutiny.sqlclient.Row r) {
        return new ApiKey(r.getUUID(0), r.getString(1), r.getString(2), List.of(r.getArrayOfStrings(3)), r.getString(4),
                r.getOffsetDateTime(5), r.getString(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8), r.getString(9),
                r.getOffsetDateTime(10));
    }

    /** True when the key may be used at {@code now}. */
    boolean usable(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
