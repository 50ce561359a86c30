package dev.kite.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The remote system behind the {@code test-job} plugin, run inside the test JVM on a free
 * loopback port. It counts every submission (POST, per job name, also when the name is known and
 * the existing job is answered) and every cancellation, and ends jobs when the test says so or
 * after the job's {@code durationMs}.
 */
final class JobServer implements AutoCloseable {

    enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** A job as the job server keeps it. */
    static final class Job {
        final String id;
        final String name;
        final ObjectNode inputs;
        final Long durationMs;
        final boolean fail;
        final Instant submittedAt = Instant.now();
        volatile State state = State.RUNNING;
        volatile ObjectNode outputs;
        volatile Instant cancelledAt;

        Job(String id, String name, ObjectNode inputs, Long durationMs, boolean fail) {
            this.id = id;
            this.name = name;
            this.inputs = inputs;
            this.durationMs = durationMs;
            this.fail = fail;
        }

        /** When a job with a duration ends by itself; null for a job that runs until told. */
        Instant plannedEnd() {
            return durationMs == null ? null : submittedAt.plusMillis(durationMs);
        }

        synchronized State state() {
            if (state == State.RUNNING && durationMs != null
                    && !Instant.now().isBefore(submittedAt.plusMillis(durationMs))) {
                end(fail ? State.FAILED : State.SUCCEEDED, inputs);
            }
            return state;
        }

        synchronized boolean end(State end, ObjectNode out) {
            if (state != State.RUNNING) {
                return false;
            }
            state = end;
            outputs = out;
            if (end == State.CANCELLED) {
                cancelledAt = Instant.now();
            }
            return true;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "job-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Job> byId = new ConcurrentHashMap<>();
    private final Map<String, Job> byName = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> submissions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cancellations = new ConcurrentHashMap<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile boolean endAtOnce;

    JobServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(threads);
        server.createContext("/jobs", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- what the test reads --------------------------------------------------------------------

    /** POSTs seen for a job name (a repeated submission of a known name counts too). */
    int submissions(String name) {
        AtomicInteger n = submissions.get(name);
        return n == null ? 0 : n.get();
    }

    /** Cancellations (DELETEs) of the job of that name. */
    int cancellations(String name) {
        AtomicInteger n = cancellations.get(name);
        return n == null ? 0 : n.get();
    }

    /** Every job name submitted so far. */
    List<String> names() {
        return List.copyOf(submissions.keySet());
    }

    /** Jobs created (distinct names). */
    int jobs() {
        return byName.size();
    }

    Job job(String name) {
        return byName.get(name);
    }

    List<Job> all() {
        return List.copyOf(byName.values());
    }

    // ---- what the test commands -----------------------------------------------------------------

    /** Ends the job of that name well, with its inputs as outputs; false if unknown or already ended. */
    boolean succeed(String name) {
        Job job = byName.get(name);
        return job != null && job.end(State.SUCCEEDED, job.inputs);
    }

    /** Ends every running job well. */
    void succeedAll() {
        byName.values().forEach(j -> j.end(State.SUCCEEDED, j.inputs));
    }

    /** From now on, new jobs end well as soon as they are submitted (or, with false, run as configured again). */
    void succeedNewJobsAtOnce(boolean atOnce) {
        endAtOnce = atOnce;
    }

    /** From now on, submissions are received (and counted) but not answered until {@link #release}. */
    void holdSubmissions() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String id = path.startsWith("/jobs/") ? path.substring("/jobs/".length()) : null;
            switch (ex.getRequestMethod()) {
                case "POST" -> submit(ex);
                case "GET" -> status(ex, id);
                case "DELETE" -> cancel(ex, id);
                default -> send(ex, 405, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(HttpExchange ex) throws IOException, InterruptedException {
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = MAPPER.readTree(in);
        }
        String name = body.path("name").asText();
        submissions.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Job job = byName.computeIfAbsent(name, n -> {
            Job j = new Job("job-" + ids.incrementAndGet(), n, (ObjectNode) body.path("inputs"),
                    body.hasNonNull("durationMs") ? body.get("durationMs").asLong() : null, body.path("fail").asBoolean());
            if (endAtOnce) {
                j.end(State.SUCCEEDED, j.inputs);
            }
            byId.put(j.id, j);
            return j;
        });
        if (!hold.await(60, TimeUnit.SECONDS)) {
            send(ex, 503, null);
            return;
        }
        send(ex, 201, view(job));
    }

    private void status(HttpExchange ex, String id) throws IOException {
        Job job = id == null ? null : byId.get(id);
        if (job == null) {
            send(ex, 404, null);
            return;
        }
        send(ex, 200, view(job));
    }

    private void cancel(HttpExchange ex, String id) throws IOException {
        Job job = id == null ? null : byId.get(id);
        if (job == null) {
            send(ex, 404, null);
            return;
        }
        cancellations.computeIfAbsent(job.name, n -> new AtomicInteger()).incrementAndGet();
        job.end(State.CANCELLED, null);
        send(ex, 204, null);
    }

    private static ObjectNode view(Job job) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", job.id);
        n.put("name", job.name);
        State state = job.state();
        n.put("state", state.name());
        n.set("outputs", job.outputs);
        n.put("message", "job " + job.id + " (" + job.name + ") is " + state.name().toLowerCase());
        return n;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0 && status != 204) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
