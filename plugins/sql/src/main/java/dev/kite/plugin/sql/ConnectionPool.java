package dev.kite.plugin.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The open connections of one warehouse in this process, at most {@code size}. A connection whose
 * statement was cancelled, or that failed with a connection error, is closed instead of being
 * returned. DuckDB is embedded: one database per warehouse, opened once, and connections to it
 * are duplicates of the first (so every task sees the same in-memory tables).
 *
 * <p>The driver is the first one on the class path (Java's service loader, as for
 * {@link DriverManager}) that accepts the URL: adding a driver jar to the server is all it takes.
 * DuckDB's is created directly (the server leaves it unregistered, so that it is not loaded at start-up).
 */
final class ConnectionPool implements AutoCloseable {

    private static final long VALIDATE_AFTER_MS = 10_000;

    private record Idle(Connection connection, long since) {
    }

    private final String url;
    private final Optional<String> username;
    private final boolean readOnly;
    private final int size;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private int open;
    private DuckDBConnection duckdb;
    /** Why the embedded DuckDB could not load (its native library), or null: it is not tried again. */
    private volatile String loadFailure;
    private boolean closed;

    ConnectionPool(String url, Optional<String> username, boolean readOnly, int size) {
        this.url = url;
        this.username = username;
        this.readOnly = readOnly;
        this.size = size;
    }

    /**
     * A connection for one attempt: an idle one (checked if it was idle a while) or a new one.
     *
     * @param password the password, read when a connection has to be opened
     */
    Connection borrow(Supplier<Optional<String>> password) throws SQLException {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("the warehouse is shut down", "08003");
                }
                candidate = idle.pollFirst();
                if (candidate == null) {
                    if (open >= size) {
                        throw new SQLException("all " + size + " connections of the warehouse are in use", "53300");
                    }
                    open++;
                }
            }
            if (candidate == null) {
                try {
                    return connect(password);
                } catch (SQLException | RuntimeException e) {
                    synchronized (this) {
                        open--;
                    }
                    throw e;
                }
            }
            if (System.currentTimeMillis() - candidate.since() < VALIDATE_AFTER_MS || valid(candidate.connection())) {
                return candidate.connection();
            }
            discard(candidate.connection());
        }
    }

    /** Gives a connection back; {@code reusable=false} closes it. */
    void release(Connection c, boolean reusable) {
        boolean keep;
        synchronized (this) {
            keep = reusable && !closed;
            if (keep) {
                idle.addFirst(new Idle(c, System.currentTimeMillis()));
            }
        }
        if (!keep) {
            discard(c);
        }
    }

    private void discard(Connection c) {
        synchronized (this) {
            open--;
        }
        quietClose(c);
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    static void quietClose(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // already broken: nothing more to free
        }
    }

    private Connection connect(Supplier<Optional<String>> password) throws SQLException {
        if (Dialect.of(url) == Dialect.DUCKDB) {
            synchronized (this) {
                if (duckdb == null) {
                    duckdb = openDuckDb();
                }
                return duckdb.duplicate();
            }
        }
        Properties p = new Properties();
        username.ifPresent(u -> p.setProperty("user", u));
        password.get().ifPresent(pw -> p.setProperty("password", pw));
        Connection c = driver().connect(url, p);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + url, "08001");
        }
        return c;
    }

    /**
     * The first connection to the DuckDB database: it loads DuckDB's native library (unpacked from
     * the driver jar on the first connection in this process, not at start-up). A library that
     * cannot load fails this and every later connection with SQLState 58000, and {@link #loadFailure}
     * says why (the plugin's health).
     */
    private DuckDBConnection openDuckDb() throws SQLException {
        if (loadFailure != null) {
            throw new SQLException(loadFailure, "58000");
        }
        Properties p = new Properties();
        if (readOnly) {
            p.setProperty("duckdb.read_only", "true");
        }
        try {
            // the driver itself, not the service loader's: the server does not register DuckDB's (start-up)
            return (DuckDBConnection) new DuckDBDriver().connect(url, p);
        } catch (LinkageError e) {
            loadFailure = "DuckDB cannot load its native library: " + e;
            throw new SQLException(loadFailure, "58000", e);
        }
    }

    /** Why DuckDB could not load in this process, or null (not tried yet, loaded, or not DuckDB). */
    String loadFailure() {
        return loadFailure;
    }

    private Driver driver() throws SQLException {
        for (Driver d : ServiceLoader.load(Driver.class, ConnectionPool.class.getClassLoader())) {
            if (d.acceptsURL(url)) {
                return d;
            }
        }
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            for (Driver d : ServiceLoader.load(Driver.class, tccl)) {
                if (d.acceptsURL(url)) {
                    return d;
                }
            }
        }
        return DriverManager.getDriver(url);
    }

    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> quietClose(i.connection()));
        if (duckdb != null) {
            quietClose(duckdb);
        }
    }
}
