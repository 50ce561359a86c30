package dev.kite.store;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A registered task version as stored. Immutable once written: rows are inserted, never updated.
 *
 * @param seq       registration order (the listing cursor)
 * @param template  the canonical template (see {@code TaskTemplate.toJson}), as text
 * @param digest    SHA-256 of the canonical template: equal digests mean identical registrations
 */
public record StoredTask(long seq, String project, String domain, String name, String version, String type,
        String template, String digest, OffsetDateTime createdAt) {

    /** The columns {@link #of(Row)} reads, in a select list. */
    static final String COLUMNS = "seq, project, domain, name, version, type, template::text as template, digest, created_at";

    static StoredTask of(Row r) {
        return new StoredTask(r.getLong("seq"), r.getString("project"), r.getString("domain"), r.getString("name"),
                r.getString("version"), r.getString("type"), r.getString("template"), r.getString("digest"),
                r.getOffsetDateTime("created_at"));
    }
}
