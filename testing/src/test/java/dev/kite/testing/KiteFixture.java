package dev.kite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * What a multi-process test runs against, set up and torn down for it: a database (a fresh schema
 * of the shared PostgreSQL, or a {@link PrivatePostgres} the test may restart), a {@link JobServer},
 * optionally a Kubernetes test server, and every {@link KiteProcess} the test starts through it.
 * <p>
 * Registered with {@code @RegisterExtension}: on a static field it lives for the test class, on an
 * instance field for each test. It is ready before the test's own {@code @BeforeAll} or
 * {@code @BeforeEach} and is torn down after its {@code @AfterEach} or {@code @AfterAll}: the Kite
 * processes first (SIGTERM, {@code kill -9} after 30 s), then the API server, the job server and
 * the database.
 */
final class KiteFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final String name;
    private final boolean privatePostgres;
    private final boolean kubernetes;

    private boolean perClass;
    private Database db;
    private PrivatePostgres postgres;
    private JobServer jobs;
    private KubernetesServer cluster;
    private final List<KiteProcess> started = new ArrayList<>();

    private KiteFixture(String name, boolean privatePostgres, boolean kubernetes) {
        this.name = name;
        this.privatePostgres = privatePostgres;
        this.kubernetes = kubernetes;
    }

    /** On a fresh schema of the shared test database, named after {@code name}. */
    static KiteFixture sharedPostgres(String name) {
        return new KiteFixture(name, false, false);
    }

    /** On a PostgreSQL of the test's own, which it may restart ({@link #postgres()}). */
    static KiteFixture privatePostgres(String name) {
        return new KiteFixture(name, true, false);
    }

    /**
     * With a Kubernetes test server (CRUD mode, on loopback) that every Kite started here uses as
     * its API server.
     */
    KiteFixture withKubernetes() {
        return new KiteFixture(name, privatePostgres, true);
    }

    // ---- what the test uses ---------------------------------------------------------------------

    JobServer jobs() {
        return jobs;
    }

    /** The private PostgreSQL (only with {@link #privatePostgres}). */
    PrivatePostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("not a fixture with a private PostgreSQL");
        }
        return postgres;
    }

    /** The Kubernetes test server (only with {@link #withKubernetes}). */
    KubernetesServer kubernetes() {
        if (cluster == null) {
            throw new IllegalStateException("not a fixture with Kubernetes");
        }
        return cluster;
    }

    /** Starts Kite as node {@code nodeId} and waits until it is ready; it is stopped with the fixture. */
    KiteProcess start(String nodeId) {
        return start(nodeId, Map.of());
    }

    /** Starts Kite with more (or other) system properties and waits until it is ready. */
    KiteProcess start(String nodeId, Map<String, String> extra) {
        return launch(nodeId, extra).awaitReady();
    }

    /** Starts one Kite per node id, all at once, and waits until every one is ready. */
    List<KiteProcess> startAll(Map<String, String> extra, String... nodeIds) {
        List<KiteProcess> all = new ArrayList<>();
        for (String nodeId : nodeIds) {
            all.add(launch(nodeId, extra));
        }
        all.forEach(KiteProcess::awaitReady);
        return all;
    }

    /** Starts Kite without waiting for it to be ready (e.g. to see it refuse to start); stopped with the fixture. */
    KiteProcess launch(String nodeId, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        if (cluster != null) {
            props.put("quarkus.kubernetes-client.api-server-url", cluster.getKubernetesMockServer().url("/"));
            props.put("quarkus.kubernetes-client.trust-certs", "true");
            props.put("quarkus.kubernetes-client.namespace", "default");
        }
        props.putAll(extra);
        KiteProcess kite = KiteProcess.launch(nodeId, db, jobs.url(), props);
        started.add(kite);
        return kite;
    }

    // ---- JUnit ----------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open() {
        if (privatePostgres) {
            try {
                postgres = PrivatePostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            db = postgres.database();
        } else {
            db = Database.sharedFreshSchema(name);
        }
        try {
            jobs = new JobServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kubernetes) {
            cluster = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
            cluster.before();
        }
    }

    /** Each part is torn down even when an earlier one fails to. */
    private void close() {
        try {
            started.forEach(KiteProcess::close);
            started.clear();
        } finally {
            try {
                if (cluster != null) {
                    cluster.after();
                    cluster = null;
                }
            } finally {
                try {
                    if (jobs != null) {
                        jobs.close();
                        jobs = null;
                    }
                } finally {
                    closeDatabase();
                }
            }
        }
    }

    private void closeDatabase() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        } else if (db != null) {
            db.dropSchema();
        }
        db = null;
    }
}
