package dev.kite.plugin.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Future;

/**
 * The statement an attempt runs right now, so that a timeout or an abort can stop it on the
 * warehouse: {@link #cancel()} calls {@link Statement#cancel()} and closes the connection (which
 * ends the server's session, and with it anything the cancel did not reach).
 */
final class Running {

    private final boolean closeOnCancel;
    private volatile boolean cancelled;
    private volatile Future<?> future;
    private volatile Connection connection;
    private volatile Statement statement;

    /**
     * @param closeOnCancel whether a cancel also closes the connection: yes for a server's session;
     *                      no for embedded DuckDB, whose interrupted statement returns at once and
     *                      whose connection the worker then closes itself
     */
    Running(boolean closeOnCancel) {
        this.closeOnCancel = closeOnCancel;
    }

    boolean cancelled() {
        return cancelled;
    }

    void future(Future<?> f) {
        this.future = f;
        if (cancelled) {
            f.cancel(false);
        }
    }

    void attach(Connection c) {
        this.connection = c;
    }

    void detach() {
        this.connection = null;
        this.statement = null;
    }

    /**
     * Records the statement about to run.
     *
     * @throws SQLException (57014) when the attempt was cancelled before it
     */
    <S extends Statement> S track(S s) throws SQLException {
        this.statement = s;
        if (cancelled) {
            s.close();
            throw new SQLException("cancelled before it started", "57014");
        }
        return s;
    }

    /** Stops the work: not started → never starts; running → cancelled on the warehouse, connection closed. */
    void cancel() {
        cancelled = true;
        Future<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
        Statement s = statement;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException e) {
                // the close below ends the session anyway
            }
        }
        Connection c = connection;
        if (c != null && closeOnCancel) {
            ConnectionPool.quietClose(c);
        }
    }
}
