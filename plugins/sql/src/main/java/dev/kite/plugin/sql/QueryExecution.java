package dev.kite.plugin.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskTrace;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/**
 * One attempt of a {@code sql} task on its connection: the statements in order, in one
 * transaction (committed at the end, rolled back on any failure), the last one's result made into
 * outputs. Runs on the warehouse's worker thread.
 */
final class QueryExecution {

    /** Added to the time left until the attempt's deadline for the server-side statement timeout. */
    static final Duration SERVER_TIMEOUT_GRACE = Duration.ofSeconds(5);

    private final SqlQuery query;
    private final TaskContext<?> ctx;
    private final Connection connection;
    private final Running running;
    private final DatasetFiles files;
    private SqlStatement.Rendered current;
    private int index;

    QueryExecution(SqlQuery query, TaskContext<?> ctx, Connection connection, Running running, DatasetFiles files) {
        this.query = query;
        this.ctx = ctx;
        this.connection = connection;
        this.running = running;
        this.files = files;
    }

    /** Runs the attempt; a failed statement is a {@link TaskException} classified by its SQLState. */
    ObjectNode run() {
        try {
            return transaction();
        } catch (SQLException e) {
            if (running.cancelled()) {
                throw new TaskException(TaskError.system("SQL_CANCELLED", "the statement was cancelled"), e);
            }
            throw new TaskException(SqlErrors.of(e, query.warehouse().name(), index, query.statements().size(), current,
                    query.sql()), e);
        }
    }

    private ObjectNode transaction() throws SQLException {
        Dialect dialect = query.warehouse().dialect();
        connection.setAutoCommit(false);
        if (dialect != Dialect.DUCKDB) {
            connection.setReadOnly(query.warehouse().readOnly());
        }
        try {
            serverTimeout(dialect);
            String quote = identifierQuote(dialect);
            Map<String, JsonNode> data = Map.of("inputs", ctx.inputs());
            ParameterBinder binder = new ParameterBinder(connection, dialect, files::localPath);
            List<SqlStatement> statements = query.statements();
            ObjectNode outputs = JsonNodeFactory.instance.objectNode();
            for (index = 1; index <= statements.size(); index++) {
                current = render(statements.get(index - 1), data, quote);
                boolean last = index == statements.size();
                // a span per statement, under the attempt's plugin call (no SQL text: it is the task's)
                try (TaskTrace.Span span = ctx.trace().span("SQL statement " + index)
                        .attribute("db.system", dialect.name().toLowerCase(java.util.Locale.ROOT)).attribute("kite.sql.statement", index)) {
                    try {
                        if (!last || query.mode() == OutputMode.NONE) {
                            execute(current, binder);
                        } else if (query.mode() == OutputMode.DATASET) {
                            outputs = new DatasetExport(query, connection, running, files).export(current, binder);
                        } else {
                            outputs = results(current, binder);
                        }
                    } catch (SQLException | RuntimeException e) {
                        span.failed(e);
                        throw e;
                    }
                }
            }
            connection.commit();
            return outputs;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private SqlStatement.Rendered render(SqlStatement s, Map<String, JsonNode> data, String quote) {
        try {
            return s.render(data, quote);
        } catch (IllegalArgumentException e) {
            throw new TaskException(TaskError.user("INVALID_IDENTIFIER", e.getMessage()));
        }
    }

    private void execute(SqlStatement.Rendered r, ParameterBinder binder) throws SQLException {
        try (PreparedStatement ps = running.track(prepare(r.sql()))) {
            binder.bind(ps, r.params());
            ps.execute();
        }
    }

    private ObjectNode results(SqlStatement.Rendered r, ParameterBinder binder) throws SQLException {
        try (PreparedStatement ps = running.track(prepare(r.sql()))) {
            binder.bind(ps, r.params());
            if (!ps.execute()) {
                throw new TaskException(TaskError.user("NO_RESULT", "the last statement returned no rows to read: output "
                        + query.mode().wire() + " needs a query (SELECT, or INSERT ... RETURNING)"));
            }
            try (ResultSet rs = ps.getResultSet()) {
                return query.mode() == OutputMode.FIRST_ROW ? ResultMapper.firstRow(rs, ctx.task().iface().outputs())
                        : ResultMapper.rows(rs, query.target(), query.targetType(), query.maxRows());
            }
        }
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        query.warehouse().statementTimeout().ifPresent(t -> {
            try {
                ps.setQueryTimeout((int) Math.max(1, (t.toMillis() + 999) / 1000));
            } catch (SQLException e) {
                // a driver without query timeouts: the attempt's timeout still cancels the statement
            }
        });
        return ps;
    }

    /**
     * PostgreSQL: {@code statement_timeout} for this transaction, so that the server itself ends a
     * statement that outlives the attempt even if this process dies before it can cancel it.
     */
    private void serverTimeout(Dialect dialect) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        long ms = Duration.between(Instant.now(), ctx.deadline()).plus(SERVER_TIMEOUT_GRACE).toMillis();
        if (query.warehouse().statementTimeout().isPresent()) {
            ms = Math.min(ms, query.warehouse().statementTimeout().get().toMillis());
        }
        try (Statement s = running.track(connection.createStatement())) {
            s.execute("SET LOCAL statement_timeout = " + Math.max(1, ms));
        }
    }

    private String identifierQuote(Dialect dialect) {
        try {
            String q = connection.getMetaData().getIdentifierQuoteString();
            return q == null || q.isBlank() ? dialect.identifierQuote() : q.strip();
        } catch (SQLException e) {
            return dialect.identifierQuote();
        }
    }

    private void rollback() {
        if (running.cancelled()) {
            return; // the connection is closed: the server rolls back
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is discarded after a failure of its own
        }
    }
}
