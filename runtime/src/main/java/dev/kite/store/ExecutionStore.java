package dev.kite.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Executions in PostgreSQL, on the reactive client (the hot path: no ORM session per write).
 *
 * <p>Writes go through the {@link GroupCommit}: inserts and state changes queued while a
 * transaction is in flight are written together in the next one. At low load every write is its
 * own statement (lowest latency); under load, many executions share a commit. A caller's
 * {@code Uni} completes only once its write is durable.
 */
@ApplicationScoped
public class ExecutionStore implements ExecutionRecords {

    private static final String INSERT = "insert into executions (id, project, domain, name, version, client_name, "
            + "phase, inputs, overwrite_cache, start_time, seed, owner, events, deadline_at, created_at, updated_at, submitted_by, "
            + "parent, node, node_settings, done, outputs, error, attempts, cache_status, cache_key, cache_source, next_at) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13::text::jsonb, $14, $15, $16, $17, "
            + "$18, $19, $20::text::jsonb, $21, $22::text::jsonb, $23::text::jsonb, $24::text::jsonb, $25, $26, $27, $28) "
            // a taken client name, or a child execution written before under its deterministic id
            + "on conflict do nothing returning id";

    /** The insert with the submission's audit row, written only when the execution is: one statement, one commit. */
    private static final String INSERT_AUDITED = "with e as (" + INSERT + ") insert into audit_events "
            + "(principal, key_name, address, action, project, target, detail) "
            + "select $29, $30, $31, $32, $33, $34, $35::text::jsonb from e returning seq";

    private static final String UPDATE = "update executions set phase = $3, done = $4, outputs = $5::text::jsonb, "
            + "error = $6::text::jsonb, attempts = $7::text::jsonb, events = events || $8::text::jsonb, "
            + "cache_status = $9, cache_key = $10, cache_source = $11, next_at = $12, updated_at = $13 "
            + "where id = $1 and not done and ($2::text is null or owner = $2) returning id";

    @Inject
    Pool pool;

    @Inject
    GroupCommit group;

    /**
     * Writes a new execution. True when written; false when an execution with the same client
     * name exists in the project and domain (idempotent submission).
     */
    @Override
    public Uni<Boolean> insert(NewExecution e) {
        return e.audit() == null ? group.write(INSERT, insertTuple(e)) : group.write(INSERT_AUDITED, insertTuple(e));
    }

    /** Applies a transition; false when fenced off (done meanwhile, or owned by another process). */
    @Override
    public Uni<Boolean> update(StateChange c) {
        return group.write(UPDATE, updateTuple(c));
    }

    private static Tuple insertTuple(NewExecution e) {
        StateChange s = e.state();
        ExecutionRow.Lineage l = e.lineage();
        Object[] row = {e.id(), e.project(), e.domain(), e.name(), e.version(), e.clientName(),
            s.phase(), e.inputs(), e.overwriteCache(), e.startTime(), e.seed(), e.owner(), s.events(),
            e.deadlineAt(), e.createdAt(), s.updatedAt(), e.submittedBy(), l == null ? null : l.parent(),
            l == null ? null : l.node(), l == null ? null : l.settings(), s.done(), s.outputs(), s.error(), s.attempts(),
            s.cacheStatus(), s.cacheKey(), s.cacheSource(), s.nextAt()};
        if (e.audit() == null) {
            return Tuple.from(row);
        }
        Object[] audited = java.util.Arrays.copyOf(row, row.length + 7);
        System.arraycopy(e.audit().values(), 0, audited, row.length, 7);
        return Tuple.from(audited);
    }

    private static Tuple updateTuple(StateChange c) {
        return Tuple.from(new Object[] {c.id(), c.owner(), c.phase(), c.done(), c.outputs(), c.error(), c.attempts(),
            c.events(), c.cacheStatus(), c.cacheKey(), c.cacheSource(), c.nextAt(), c.updatedAt()});
    }

    // ---- reads -----------------------------------------------------------------------------

    @Override
    public Uni<Optional<ExecutionRow>> find(UUID id) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + " from executions where id = $1")
                .execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(ExecutionRow.from(rs.iterator().next())));
    }

    /** The executions among {@code ids} that exist (one query, whatever the number of ids). */
    @Override
    public Uni<List<ExecutionRow>> findAll(java.util.Collection<UUID> ids) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + " from executions where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rs -> {
                    List<ExecutionRow> rows = new java.util.ArrayList<>(rs.size());
                    rs.forEach(r -> rows.add(ExecutionRow.from(r)));
                    return rows;
                });
    }

    @Override
    public Uni<Optional<ExecutionRow>> findByClientName(String project, String domain, String clientName) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS
                        + " from executions where project = $1 and domain = $2 and client_name = $3")
                .execute(Tuple.of(project, domain, clientName))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(ExecutionRow.from(rs.iterator().next())));
    }

    /** The events of an execution as a JSON array text, or empty when there is no such execution. */
    public Uni<Optional<String>> events(UUID id) {
        return pool.preparedQuery("select events::text from executions where id = $1").execute(Tuple.of(id))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getString(0)));
    }

    /** An execution and its events (a JSON array text), read together: one consistent snapshot. */
    public record Snapshot(ExecutionRow row, String events) {
    }

    /** The execution with its events as one snapshot, or empty when there is no such execution. */
    public Uni<Optional<Snapshot>> snapshot(UUID id) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + ", events::text from executions where id = $1")
                .execute(Tuple.of(id))
                .map(rs -> {
                    if (rs.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rs.iterator().next();
                    return Optional.of(new Snapshot(ExecutionRow.from(r), r.getString(ExecutionRow.COLUMN_COUNT)));
                });
    }

    /**
     * Executions newest first, filtered; {@code before} is a {@code seq} cursor. The statement is
     * built per filter shape (only the filters given appear in it), so that each shape is prepared
     * and planned on its own and finds the index that matches it; one statement with
     * {@code ($n is null or col = $n)} clauses gets a generic plan that reads the whole table.
     */
    public Uni<List<ExecutionRow>> list(String project, String domain, String name, String phase, Long before, int limit) {
        ListQuery q = ListQuery.of(project, domain, name, phase, before == null ? Long.MAX_VALUE : before, limit);
        return pool.preparedQuery(q.sql()).execute(q.arguments()).map(ExecutionStore::rows);
    }

    /** The children of a dynamic execution, in the order they were written. */
    @Override
    public Uni<List<ExecutionRow>> children(UUID parent) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + " from executions where parent = $1 order by seq")
                .execute(Tuple.of(parent)).map(ExecutionStore::rows);
    }

    /** A page of the children of a dynamic execution, in the order they were written; {@code after} is a {@code seq} cursor. */
    public Uni<List<ExecutionRow>> children(UUID parent, Long after, int limit) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + " from executions where parent = $1 and seq > $2 "
                        + "order by seq limit $3")
                .execute(Tuple.of(parent, after == null ? 0L : after, limit)).map(ExecutionStore::rows);
    }

    @Override
    public Uni<Void> saveGraph(UUID execution, String graph) {
        return pool.preparedQuery("insert into execution_graphs (execution, graph) values ($1, $2::text::jsonb) "
                        + "on conflict (execution) do update set graph = excluded.graph")
                .execute(Tuple.of(execution, graph)).replaceWithVoid();
    }

    @Override
    public Uni<Optional<String>> graph(UUID execution) {
        return pool.preparedQuery("select graph::text from execution_graphs where execution = $1").execute(Tuple.of(execution))
                .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getString(0)));
    }

    /** Records who aborted an execution that ended ABORTED and has no aborter yet; false otherwise. */
    public Uni<Boolean> markAborted(UUID id, String by) {
        return pool.preparedQuery("update executions set aborted_by = $2 where id = $1 and phase = 'ABORTED' and aborted_by is null")
                .execute(Tuple.of(id, by)).map(rs -> rs.rowCount() > 0);
    }

    // ---- ownership ---------------------------------------------------------------------------

    /** Records that {@code node} is alive. */
    @Override
    public Uni<Void> heartbeat(String node) {
        return pool.preparedQuery("insert into nodes (id, started_at, heartbeat) values ($1, now(), now()) "
                        + "on conflict (id) do update set heartbeat = now()")
                .execute(Tuple.of(node)).replaceWithVoid();
    }

    /** Marks {@code node} as gone, so that others take its executions over at once. */
    @Override
    public Uni<Void> retire(String node) {
        return pool.preparedQuery("update nodes set heartbeat = 'epoch' where id = $1").execute(Tuple.of(node))
                .replaceWithVoid();
    }

    /** Open executions owned by {@code node} (its own, after a restart with the same id). */
    @Override
    public Uni<List<ExecutionRow>> owned(String node) {
        return pool.preparedQuery("select " + ExecutionRow.COLUMNS + " from executions where owner = $1 and not done")
                .execute(Tuple.of(node)).map(ExecutionStore::rows);
    }

    /**
     * Claims up to {@code limit} open executions whose owner stopped heartbeating for longer than
     * {@code lease} (or that have none). Concurrent claimers skip each other's rows.
     */
    @Override
    public Uni<List<ExecutionRow>> claimOrphans(String node, Duration lease, int limit) {
        String prefixed = ExecutionRow.COLUMNS.replaceAll("(^|, )([a-z_]+)", "$1e.$2");
        return pool.preparedQuery("update executions e set owner = $1 from ("
                        + "select x.id from executions x left join nodes n on n.id = x.owner "
                        + "where not x.done and (x.owner is null or n.id is null "
                        + "or n.heartbeat < now() - make_interval(secs => $2)) "
                        + "limit $3 for update of x skip locked) c where e.id = c.id returning " + prefixed)
                .execute(Tuple.of(node, lease.toMillis() / 1000.0, limit))
                .map(ExecutionStore::rows);
    }

    private static List<ExecutionRow> rows(RowSet<Row> rs) {
        List<ExecutionRow> out = new ArrayList<>(rs.size());
        for (Row r : rs) {
            out.add(ExecutionRow.from(r));
        }
        return out;
    }
}
