package dev.kite.plugin.sql;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.PluginHealth;
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

    /**
     * The embedded DuckDB's native library must be there for this platform; it loads on the first
     * connection, not here (unpacking it is most of this plugin's start-up cost). Without a packaged
     * library of this platform, or when {@code duckdb} names another warehouse, it is reached now,
     * as before. Other warehouses are reached on first use.
     */
    @Override
    public void check() throws Exception {
        Warehouse embedded = warehouses.get(SqlSettings.EMBEDDED).orElseThrow();
        if (embedded.dialect() != Dialect.DUCKDB || !DuckDbLibrary.packaged()) {
            embedded.ping(Optional::empty);
        }
    }

    /** Down once the embedded DuckDB failed to load (its tasks then fail with SQL_58000). */
    @Override
    public PluginHealth health() {
        return warehouses.get(SqlSettings.EMBEDDED).flatMap(Warehouse::loadFailure).map(PluginHealth::down)
                .orElse(PluginHealth.up());
    }

}
