package dev.kite.store;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The one path by which a change of an execution reaches the live streams of every process: the
 * table's trigger ({@code V5__events_notify.sql}) notifies {@code kite_executions} when an
 * execution is written with a new phase or new events, after the write commits, whichever
 * process wrote it; each process holds one {@code LISTEN} connection and hands each notice to its
 * listeners. After a (re)connection every listener is told {@link Listener#resync} instead: a notice may
 * have been missed while the connection was down. So too when a transaction changed more
 * executions than the trigger announces one by one ({@code V8__notices_per_transaction.sql}: after
 * 10,000, one {@value #OVERFLOW} notice stands for the rest).
 */
@ApplicationScoped
public class ExecutionNotices {

    private static final Logger LOG = Logger.getLogger(ExecutionNotices.class);

    /** The channel the trigger notifies. */
    public static final String CHANNEL = "kite_executions";

    /** The most changes one transaction announces one by one ({@code V8__notices_per_transaction.sql}). */
    public static final int LIMIT = 10_000;

    /** The notice that stands for the changes of a transaction past {@link #LIMIT}. */
    static final String OVERFLOW = "* overflow";

    /** A change: the execution, its project and domain, and whether its phase changed. */
    public record Notice(UUID id, String project, String domain, boolean phaseChanged) {

        static Notice parse(String payload) {
            String[] p = payload.split(" ");
            return new Notice(UUID.fromString(p[0]), p[1], p[2], "1".equals(p[3]));
        }
    }

    /** Why notices may have been missed. */
    public enum Gap {
        /** The first {@code LISTEN} connection of the process is up: changes before it were not announced to it. */
        CONNECTED,
        /** The connection came back after it was lost: changes meanwhile were not announced. */
        RECONNECTED,
        /** A transaction changed more executions than the trigger announces one by one. */
        OVERFLOW
    }

    /** What listens to the notices. */
    public interface Listener extends Consumer<Notice> {

        /** Notices may have been missed, for the reason given: read again whatever is watched. */
        void resync(Gap gap);
    }

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    @Inject
    Vertx vertx;

    @Inject
    Config config;

    private PgSubscriber subscriber;
    private final AtomicBoolean connectedBefore = new AtomicBoolean();
    private volatile boolean noDatabase;

    /** Adds a listener for as long as the process runs. */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    void start(@Observes StartupEvent start) {
        String url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class).orElse(null);
        if (url == null) {
            noDatabase = true;
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(() -> {
                    Gap gap = connectedBefore.getAndSet(true) ? Gap.RECONNECTED : Gap.CONNECTED;
                    listeners.forEach(l -> l.resync(gap));
                })
                .handler(this::dispatch);
        subscriber.connect().subscribe().with(x -> LOG.debug("listening for execution changes"),
                failure -> LOG.warnf("cannot listen for execution changes (%s); live streams wait for the next connection",
                        failure.getMessage()));
    }

    /**
     * Whether this process hears the notices: its {@code LISTEN} connection has listened once and
     * is up now (after a loss, from the moment it is back; what a watch misses meanwhile ends it).
     * True when no database is configured: there is nothing to listen to.
     */
    public boolean listening() {
        if (noDatabase) {
            return true;
        }
        PgSubscriber s = subscriber;
        return connectedBefore.get() && s != null && s.getDelegate().actualConnection() != null;
    }

    private void dispatch(String payload) {
        if (OVERFLOW.equals(payload)) {
            LOG.debug("a transaction changed more executions than were announced: listeners read again");
            listeners.forEach(l -> l.resync(Gap.OVERFLOW));
            return;
        }
        Notice notice;
        try {
            notice = Notice.parse(payload);
        } catch (RuntimeException e) {
            LOG.debugf("ignored the notice '%s'", payload);
            return;
        }
        for (Listener l : listeners) {
            l.accept(notice);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
