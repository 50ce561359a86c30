package dev.kite.store;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statement and arguments of one listing of executions: the project is required, domain,
 * name and phase are added only when given, newest first from a {@code seq} cursor. There are
 * eight shapes, hence at most eight prepared statements per connection, each with a plan of its
 * own (indexes: {@code (project, seq)}, {@code (project, domain, seq)}, {@code (project, name, seq)},
 * {@code (project, phase, seq)}; a domain beside a name or phase is checked on the rows those find).
 */
record ListQuery(String sql, Tuple arguments) {

    static ListQuery of(String project, String domain, String name, String phase, long before, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(ExecutionRow.COLUMNS)
                .append(" from executions where project = $1");
        List<Object> args = new ArrayList<>(6);
        args.add(project);
        add(sql, args, "domain", domain);
        add(sql, args, "name", name);
        add(sql, args, "phase", phase);
        args.add(before);
        sql.append(" and seq < $").append(args.size());
        args.add(limit);
        sql.append(" order by seq desc limit $").append(args.size());
        return new ListQuery(sql.toString(), Tuple.from(args));
    }

    private static void add(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            args.add(value);
            sql.append(" and ").append(column).append(" = $").append(args.size());
        }
    }
}
