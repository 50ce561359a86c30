package dev.kite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Kite process: {@code java -jar target/quarkus-app/quarkus-run.jar} of this module,
 * started as a child of the test JVM, with its output in {@code target/kite-logs/}. It can be
 * stopped gracefully (SIGTERM) or killed ({@code kill -9}); its REST API is reached over HTTP.
 */
final class KiteProcess implements AutoCloseable {

    /** The bootstrap API key each process is started with and every call sends (security stays on). */
    static final String API_KEY = "kite_testing-bootstrap-key-0123456789abcdef";

    /** Leases short enough for takeovers to happen within a test. */
    static final Duration LEASE = Duration.ofSeconds(2);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /** Processes still running, killed if the test JVM ends first (failed test, fork timeout). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-kite-processes"));
    }

    /** The answer of a REST call. */
    record Reply(int status, JsonNode body) {
    }

    private final String nodeId;
    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private KiteProcess(String nodeId, int port, Process process, Path log) {
        this.nodeId = nodeId;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** A unique node id, so that runs of the tests never meet each other's leases. */
    static String newNodeId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts Kite with more (or other) system properties, without waiting for it to be ready (see
     * {@link #awaitReady}). Tests start Kite through {@link KiteFixture}, which stops it afterwards.
     */
    static KiteProcess launch(String nodeId, Database db, String jobServerUrl, Map<String, String> extra) {
        int port = freePort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", String.valueOf(port));
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        props.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        if (db.schema() != null) {
            props.put("quarkus.flyway.schemas", db.schema());
        }
        props.put("quarkus.datasource.reactive.max-size", "8");
        props.put("kite.engine.node-id", nodeId);
        props.put("kite.engine.lease-duration", LEASE.toMillis() + "ms");
        props.put("kite.engine.sweep-interval", "200ms");
        props.put("kite.engine.poll-initial", "100ms");
        props.put("kite.engine.poll-max", "500ms");
        props.put("kite-testing.job-server-url", jobServerUrl);
        // the job server listens on loopback, which the http task types refuse unless allowed
        props.put("kite.http.allowed-networks", "127.0.0.1/32");
        props.put("kite.security.bootstrap-api-key", API_KEY);
        props.put("quarkus.log.console.format", "%d{HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %s%e%n");
        props.putAll(extra);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small and quick to start: these processes share two cores with the build
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar().toString());

        Path logs = Path.of(System.getProperty("kite.testing.logs", "target/kite-logs"));
        Path log = logs.resolve(String.format("%02d-%s.log", STARTS.incrementAndGet(), nodeId));
        try {
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // the environment of the build must not override what this test chose
            pb.environment().keySet().removeIf(k -> k.startsWith("KITE_") || k.startsWith("QUARKUS_"));
            Process process = pb.start();
            LIVE.add(process);
            return new KiteProcess(nodeId, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code /q/health/ready}; fails with the log's tail when the process dies first. */
    KiteProcess awaitReady() {
        Poll.until(READY_WITHIN, "Kite " + nodeId + " to be ready (log: " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Kite " + nodeId + " exited with " + process.exitValue() + ":\n" + tail());
            }
            return get("/q/health/ready").status() == 200;
        });
        return this;
    }

    String nodeId() {
        return nodeId;
    }

    /** What the process has written to its console so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code; fails if it still runs after {@code max}. */
    int awaitExit(Duration max) {
        try {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Kite " + nodeId + " still runs after " + max + ":\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook runs, the node's heartbeat just stops. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: Quarkus shuts down gracefully. */
    void stop() {
        process.destroy();
        if (!waitFor()) {
            kill();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private boolean waitFor() {
        try {
            boolean ended = process.waitFor(30, TimeUnit.SECONDS);
            if (ended) {
                LIVE.remove(process);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- REST -----------------------------------------------------------------------------------

    /** Where this Kite listens, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Reply get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, String json) {
        return call(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A fresh project, so that the tests sharing one database never see each other's tasks. */
    String project() {
        String id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        expect(201, post("/api/v1/projects", "{\"id\":\"" + id + "\"}"), "create project " + id);
        return id;
    }

    /** Registers a {@code test-job} task (inputs {@code n: integer}, outputs the same). */
    void registerJobTask(String project, String name, String metadata, String config) {
        String template = """
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "test-job",
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"n": {"type": "integer"}}},
                 "metadata": %s,
                 "config": %s}
                """.formatted(project, name, metadata, config);
        expect(201, post("/api/v1/tasks", template), "register " + name);
    }

    /** Submits an execution of the task and returns its id. */
    String submit(String project, String task, int n) {
        Reply r = post("/api/v1/executions", """
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {"n": %d}}
                """.formatted(project, task, n));
        expect(202, r, "submit " + task);
        return r.body().get("id").asText();
    }

    JsonNode execution(String id) {
        Reply r = get("/api/v1/executions/" + id);
        expect(200, r, "read execution " + id);
        return r.body();
    }

    /** Waits until the execution has ended and returns it. */
    JsonNode awaitEnd(String id, Duration max) {
        return Poll.until(max, "execution " + id + " to end", () -> {
            JsonNode e = get("/api/v1/executions/" + id + "?wait=5").body();
            return e != null && isEnded(e) ? e : null;
        });
    }

    /** Waits until attempt {@code number} of the execution has a persisted handle, and returns the attempt. */
    JsonNode awaitHandle(String id, int number, Duration max) {
        return Poll.until(max, "attempt " + number + " of " + id + " to have a handle", () -> {
            JsonNode a = execution(id).path("attempts").path(number);
            return a.hasNonNull("handle") ? a : null;
        });
    }

    /** Waits until attempt {@code number} of the execution exists (persisted RUNNING), and returns it. */
    JsonNode awaitAttempt(String id, int number, Duration max) {
        return Poll.until(max, "attempt " + number + " of " + id, () -> {
            JsonNode a = execution(id).path("attempts").path(number);
            return a.isMissingNode() ? null : a;
        });
    }

    static boolean isEnded(JsonNode execution) {
        return switch (execution.path("phase").asText()) {
            case "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED" -> true;
            default -> false;
        };
    }

    private void expect(int status, Reply r, String what) {
        if (r.status() != status) {
            throw new AssertionError(what + ": expected " + status + ", got " + r.status() + " " + r.body());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Reply call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + API_KEY)
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? null : MAPPER.readTree(r.body());
            return new Reply(r.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("kite.testing.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through 'mvn verify' (after 'package')");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
