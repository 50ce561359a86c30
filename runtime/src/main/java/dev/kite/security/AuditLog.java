package dev.kite.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.store.AuditRow;
import dev.kite.store.GroupCommit;

/**
 * The audit trail: one row per change (who, with which key, from where, when, what), in the
 * append-only table {@code audit_events} (a trigger refuses updates and deletes). A change is
 * answered only once its row is written.
 */
@ApplicationScoped
public class AuditLog {

    /** Kinds of change. */
    public static final String PROJECT_CREATED = "project.created";
    public static final String TASK_REGISTERED = "task.registered";
    public static final String EXECUTION_SUBMITTED = "execution.submitted";
    public static final String EXECUTION_ABORTED = "execution.aborted";
    public static final String CACHE_EVICTED = "cache.evicted";
    public static final String KEY_CREATED = "key.created";
    public static final String KEY_REVOKED = "key.revoked";

    @Inject
    Pool pool;

    @Inject
    GroupCommit group;

    @Inject
    ObjectMapper mapper;

    /**
     * Records a change by {@code c}. {@code project} is the project it belongs to (null for
     * changes that span projects, such as API keys); {@code detail} is optional and must hold no secret.
     */
    public Uni<Void> record(Caller c, String action, String project, String target, ObjectNode detail) {
        // in the group commit of the executions' writes: under load, a change's row shares their commit
        AuditRow row = row(c, action, project, target, detail);
        return group.write(AuditRow.INSERT, row.tuple()).replaceWithVoid();
    }

    /**
     * The row {@link #record} would write, for a write that carries it (a submission's, written in
     * the statement that inserts the execution; {@code target} null: the execution's id).
     */
    public AuditRow row(Caller c, String action, String project, String target, ObjectNode detail) {
        return new AuditRow(c.principal(), c.keyName(), c.address(), action, project, target,
                detail == null ? null : detail.toString());
    }

    /** Events newest first: of one project, or (null) of all; {@code before} is a {@code seq} cursor. */
    public Uni<List<ObjectNode>> list(String project, String action, Long before, int limit) {
        return pool.preparedQuery("select seq, at, principal, key_name, address, action, project, target, detail::text "
                        + "from audit_events where ($1::text is null or project = $1) and ($2::text is null or action = $2) "
                        + "and seq < $3 order by seq desc limit $4")
                .execute(Tuple.from(new Object[] {project, action, before == null ? Long.MAX_VALUE : before, limit}))
                .map(rs -> {
                    List<ObjectNode> out = new ArrayList<>(rs.size());
                    for (Row r : rs) {
                        out.add(view(r));
                    }
                    return out;
                });
    }

    private ObjectNode view(Row r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("seq", r.getLong(0));
        n.put("at", r.getOffsetDateTime(1).toInstant().toString());
        n.put("principal", r.getString(2));
        n.put("keyName", r.getString(3));
        n.put("address", r.getString(4));
        n.put("action", r.getString(5));
        n.put("project", r.getString(6));
        n.put("target", r.getString(7));
        try {
            n.set("detail", r.getString(8) == null ? null : mapper.readTree(r.getString(8)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }
}
