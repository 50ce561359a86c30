package dev.kite.store;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Formula;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A registered task version. Immutable once written: rows are inserted, never updated. */
@Entity
@Table(name = "tasks")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public Long seq;

    public String project;
    public String domain;
    public String name;
    public String version;
    public String type;

    /**
     * The canonical template (see {@code TaskTemplate.toJson}), read as text: the jsonb column is
     * written only by the registering insert, so the entity needs no JSON type mapping.
     */
    @Formula("template::text")
    public String template;

    /** SHA-256 of the canonical template: equal digests mean identical registrations. */
    public String digest;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
