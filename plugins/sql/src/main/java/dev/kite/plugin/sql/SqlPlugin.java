package dev.kite.plugin.sql;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/**
 * The task type {@code sql}: statements on a warehouse named in config, every input value bound as
 * a parameter, the last statement's result as typed outputs or a dataset. See
 * {@code src/docs/sql-tasks.md}.
 *
 * <p>A sync plugin whose {@link #run} returns at once: the JDBC work runs on the warehouse's own
 * worker pool, and cancelling the returned {@code Uni} (timeout, abort) cancels the statement on
 * the warehouse and closes its connection. An attempt does not survive a restart of Kite (the
 * engine then fails it as {@code INTERRUPTED}, SYSTEM recoverable); its connection dies with the
 * process, and PostgreSQL's {@code statement_timeout}, set to the attempt's deadline, ends a
 * statement the server is still running.
 */
@ApplicationScoped
@TaskTypes(SqlPlugin.TYPE)
public class SqlPlugin implements SyncPlugin<SqlTaskConfig> {

    /** The task type. */
    public static final String TYPE = "sql";

    @Inject
    Warehouses warehouses;

    public SqlPlugin() {
    }

    /** A plugin on the given warehouses (for tests without a container). */
    public SqlPlugin(Warehouses warehouses) {
        this.warehouses = warehouses;
    }

    /** Parses and checks the query once per task version (decision 0010); every attempt gets it. */
    @Override
    public SqlQuery prepare(TaskTemplate task, SqlTaskConfig config, FieldErrors errors) {
        return SqlQuery.compile(task, config, warehouses, errors);
    }

    @Override
    public Uni<TaskResult> run(TaskContext<SqlTaskConfig> ctx) {
        SqlQuery query = Compiled.of(ctx, errors -> SqlQuery.compile(ctx.task(), ctx.config(), warehouses, errors));
        return query.warehouse().submit(password(ctx, query.warehouse().name()), (connection, running) -> {
            try (DatasetFiles files = new DatasetFiles(ctx)) {
                return new QueryExecution(query, ctx, connection, running, files).run();
            }
        }).map(TaskResult::succeeded)
                .onFailure(TaskException.class).recoverWithItem(f -> TaskResult.failed(((TaskException) f).error()))
                .onFailure(java.sql.SQLException.class).recoverWithItem(f -> TaskResult.failed(
                        SqlErrors.of((java.sql.SQLException) f, query.warehouse().name(), 0, 0, null, query.sql())));
    }

    /** The warehouse's password from the secret store, when its config names a secret. */
    Supplier<Optional<String>> password(TaskContext<?> ctx, String warehouse) {
        return () -> warehouses.settings().warehouses().containsKey(warehouse)
                ? warehouses.settings().warehouses().get(warehouse).passwordSecret().flatMap(ctx::secret)
                : Optional.empty();
    }

    @Override
    public void check() throws Exception {
        // the embedded DuckDB must load (a native library); remote warehouses are reached on first use
        warehouses.get(SqlSettings.EMBEDDED).orElseThrow().ping(Optional::empty);
    }

}
