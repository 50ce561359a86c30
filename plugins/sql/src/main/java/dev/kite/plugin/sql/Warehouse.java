package dev.kite.plugin.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * One configured warehouse: its connection pool and its worker pool. Blocking JDBC runs on the
 * worker pool, never on the caller's thread; the pool has {@code max-concurrent} threads, so that
 * is how many statements of this warehouse run at once in this process — further work waits in
 * order. Cancelling the {@link Uni} (an attempt's timeout or abort) cancels the running statement
 * on the warehouse ({@code Statement.cancel()}) and closes its connection.
 */
final class Warehouse implements AutoCloseable {

    /** The work of one attempt, on a connection of its own. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection, Running running) throws Exception;
    }

    private static final AtomicInteger CANCELLERS = new AtomicInteger();
    /** Cancels off the caller's thread: {@code Statement.cancel()} may open a connection of its own. */
    private static final ExecutorService CANCEL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kite-sql-cancel-" + CANCELLERS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final SqlSettings.Warehouse settings;
    private final Dialect dialect;
    private final ConnectionPool pool;
    private final ExecutorService workers;
    private final int maxConcurrent;

    Warehouse(String name, SqlSettings.Warehouse settings) {
        this.name = name;
        this.settings = settings;
        this.dialect = Dialect.of(settings.url());
        int size = Math.max(1, settings.poolSize());
        this.maxConcurrent = Math.max(1, Math.min(size, settings.maxConcurrent().orElse(size)));
        this.pool = new ConnectionPool(settings.url(), settings.username(), settings.readOnly(), size);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConcurrent, r -> {
            Thread t = new Thread(r, "kite-sql-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    String name() {
        return name;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean readOnly() {
        return settings.readOnly();
    }

    Optional<Duration> statementTimeout() {
        return settings.statementTimeout();
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Runs {@code work} on a connection of this warehouse, on its worker pool.
     *
     * @param password the password, asked for when a new connection is opened
     */
    <T> Uni<T> submit(Supplier<Optional<String>> password, Work<T> work) {
        return Uni.createFrom().deferred(() -> {
            Running running = new Running(dialect != Dialect.DUCKDB);
            return Uni.createFrom().<T>emitter(em -> {
                Future<?> f = workers.submit(() -> {
                    if (running.cancelled()) {
                        return;
                    }
                    Connection c = null;
                    boolean reusable = false;
                    try {
                        c = pool.borrow(password);
                        running.attach(c);
                        T result = work.run(c, running);
                        reusable = !running.cancelled();
                        em.complete(result);
                    } catch (SQLException e) {
                        reusable = !running.cancelled() && !SqlErrors.state(e).startsWith("08");
                        em.fail(e);
                    } catch (Throwable t) {
                        em.fail(t);
                    } finally {
                        if (c != null) {
                            running.detach();
                            pool.release(c, reusable && !running.cancelled());
                        }
                    }
                });
                running.future(f);
            }).onCancellation().invoke(() -> CANCEL.execute(running::cancel));
        });
    }

    /** Why this (DuckDB) warehouse's native library could not load, if it was tried and failed. */
    Optional<String> loadFailure() {
        return Optional.ofNullable(pool.loadFailure());
    }

    /** A connection for a short check outside any attempt. */
    void ping(Supplier<Optional<String>> password) throws SQLException {
        Connection c = pool.borrow(password);
        boolean ok = false;
        try {
            ok = c.isValid(5);
            if (!ok) {
                throw new SQLException("the connection to warehouse '" + name + "' is not valid", "08006");
            }
        } finally {
            pool.release(c, ok);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        pool.close();
    }
}
