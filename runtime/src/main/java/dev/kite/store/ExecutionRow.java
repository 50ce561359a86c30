package dev.kite.store;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An execution as stored. JSON columns travel as text and are parsed by the engine.
 */
public record ExecutionRow(
        UUID id,
        String project,
        String domain,
        String name,
        String version,
        String clientName,
        String phase,
        boolean done,
        String inputs,
        String outputs,
        String error,
        String attempts,
        String cacheStatus,
        String cacheKey,
        UUID cacheSource,
        boolean overwriteCache,
        OffsetDateTime startTime,
        long seed,
        String owner,
        OffsetDateTime nextAt,
        OffsetDateTime deadlineAt,
        long seq,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String submittedBy,
        String abortedBy,
        Lineage lineage) {

    /**
     * Where a child execution sits in its parent's graph: the parent, the node's key
     * ({@code node} or {@code node[i]} for a map element), and its settings as JSON text
     * ({@code {"depth": d}} and the node's overrides of retries, timeout and cache).
     */
    public record Lineage(UUID parent, String node, String settings) {
    }

    /** A row without its submitter and aborter (the engine's own snapshots; the API reads them from the database). */
    public ExecutionRow(UUID id, String project, String domain, String name, String version, String clientName, String phase,
            boolean done, String inputs, String outputs, String error, String attempts, String cacheStatus, String cacheKey,
            UUID cacheSource, boolean overwriteCache, OffsetDateTime startTime, long seed, String owner, OffsetDateTime nextAt,
            OffsetDateTime deadlineAt, long seq, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        this(id, project, domain, name, version, clientName, phase, done, inputs, outputs, error, attempts, cacheStatus,
                cacheKey, cacheSource, overwriteCache, startTime, seed, owner, nextAt, deadlineAt, seq, createdAt, updatedAt,
                null, null, null);
    }

    /** This row with its submitter. */
    public ExecutionRow withSubmitter(String by) {
        return new ExecutionRow(id, project, domain, name, version, clientName, phase, done, inputs, outputs, error, attempts,
                cacheStatus, cacheKey, cacheSource, overwriteCache, startTime, seed, owner, nextAt, deadlineAt, seq, createdAt,
                updatedAt, by, abortedBy, lineage);
    }

    /** This row as a child of a graph node (null: a root execution). */
    public ExecutionRow withLineage(Lineage of) {
        return new ExecutionRow(id, project, domain, name, version, clientName, phase, done, inputs, outputs, error, attempts,
                cacheStatus, cacheKey, cacheSource, overwriteCache, startTime, seed, owner, nextAt, deadlineAt, seq, createdAt,
                updatedAt, submittedBy, abortedBy, of);
    }

    static final String COLUMNS = "id, project, domain, name, version, client_name, phase, done, inputs::text, "
            + "outputs::text, error::text, attempts::text, cache_status, cache_key, cache_source, overwrite_cache, "
            + "start_time, seed, owner, next_at, deadline_at, seq, created_at, updated_at, submitted_by, aborted_by, "
            + "parent, node, node_settings::text";

    /** The number of {@link #COLUMNS}. */
    static final int COLUMN_COUNT = COLUMNS.split(",").length;

    static ExecutionRow from(io.vertx.mutiny.sqlclient.Row r) {
        return new ExecutionRow(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getBoolean(7), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), r.getString(13), r.getUUID(14), r.getBoolean(15),
                r.getOffsetDateTime(16), r.getLong(17), r.getString(18), r.getOffsetDateTime(19),
                r.getOffsetDateTime(20), r.getLong(21), r.getOffsetDateTime(22), r.getOffsetDateTime(23), r.getString(24),
                r.getString(25), r.getUUID(26) == null ? null : new Lineage(r.getUUID(26), r.getString(27), r.getString(28)));
    }
}
