package dev.kite.store;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A project: the top of a task's identity. */
public record StoredProject(String id, String name, String description, OffsetDateTime createdAt) {

    static final String COLUMNS = "id, name, description, created_at";

    static StoredProject of(Row r) {
        return new StoredProject(r.getString("id"), r.getString("name"), r.getString("description"), r.getOffsetDateTime("created_at"));
    }
}
