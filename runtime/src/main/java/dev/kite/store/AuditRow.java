package dev.kite.store;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One row of the audit trail ({@code audit_events}) as written: who, with which key, from where,
 * what, in which project, about what. Written on its own ({@link #INSERT}) or in the statement
 * that inserts the execution it is about ({@link NewExecution#audit}), so that both are durable
 * in one commit.
 *
 * @param target what the change is about; null in a {@link NewExecution}'s row, where it is the
 *        execution's id ({@link #about})
 * @param detail a JSON object as text, or null
 */
public record AuditRow(String principal, String keyName, String address, String action, String project, String target,
        String detail) {

    /** The insert of one row, with {@link #values} as its parameters $1 to $7. */
    public static final String INSERT = "insert into audit_events (principal, key_name, address, action, project, target, detail) "
            + "values ($1, $2, $3, $4, $5, $6, $7::text::jsonb)";

    /** The same row about {@code target}. */
    public AuditRow about(String target) {
        return new AuditRow(principal, keyName, address, action, project, target, detail);
    }

    /** The columns in {@link #INSERT}'s order. */
    public Object[] values() {
        return new Object[] {principal, keyName, address, action, project, target, detail};
    }

    public Tuple tuple() {
        return Tuple.from(values());
    }
}
