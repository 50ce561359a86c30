package dev.kite.plugin.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake AWS Batch endpoint at the HTTP boundary: speaks Batch's REST-JSON protocol (POST
 * /v1/submitjob, describejobs, listjobs, terminatejob, registerjobdefinition,
 * describejobdefinitions) to the real SDK client, keeps jobs with scripted state transitions (each
 * DescribeJobs that includes a job moves it one step on, staying at the last) and logs every request.
 * Public for the server's end-to-end tests (this module's test jar).
 */
public final class FakeBatch implements AutoCloseable {

    /**
     * One request: the operation (path after /v1/), its JSON body, its Authorization header (SigV4,
     * no secret in it) and when it arrived ({@link System#nanoTime()}).
     */
    public record Call(String op, JsonNode body, String authorization, long receivedNanos) {
    }

    /**
     * What one child of an array job does when the array runs (once per child, when the parent
     * reaches its end): the test's stand-in for the child's container, which may read its element
     * and write its output through the locations in the submit request's environment. Answers
     * whether the child succeeded.
     */
    @FunctionalInterface
    public interface Child {
        boolean run(JsonNode submit, int index);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The default steps of a job nothing scripted: RUNNABLE, RUNNING, SUCCEEDED. */
    public static final List<ObjectNode> SUCCEEDS = List.of(step("RUNNABLE"), step("RUNNING"), step("SUCCEEDED"));

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<Call> log = new ArrayList<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> scripts = new ConcurrentHashMap<>();
    private volatile Function<JsonNode, List<ObjectNode>> scriptBySubmit = request -> SUCCEEDS;
    private final Map<String, Set<Integer>> failingChildren = new ConcurrentHashMap<>();
    private volatile Child children = (submit, index) ->
            !failingChildren.getOrDefault(submit.path("jobName").asText(), Set.of()).contains(index);
    /** While true, DescribeJobs shows jobs without moving them on. */
    private volatile boolean held;
    /** While true, SubmitJob creates the job but does not answer (the submitter waits, as if Batch were slow). */
    private volatile boolean stalled;
    /** While true, SubmitJob waits before creating the job. */
    private volatile boolean delayed;
    /** SubmitJob answers still to lose: the job is created, the answer is a 500. */
    private final java.util.concurrent.atomic.AtomicInteger lostSubmitAnswers = new java.util.concurrent.atomic.AtomicInteger();
    private final List<ObjectNode> definitions = new ArrayList<>();
    /** The fake's clock for {@code createdAt}; null: the wall clock. */
    private volatile Long now;

    private static final class Job {
        final String id;
        final ObjectNode request;
        final List<ObjectNode> steps;
        final long createdAt;
        int at = -1;
        /** The children that failed, once the array ran (null before). */
        Set<Integer> failed;

        Job(String id, ObjectNode request, List<ObjectNode> steps, long createdAt) {
            this.id = id;
            this.request = request;
            this.steps = steps;
            this.createdAt = createdAt;
        }
    }

    public FakeBatch() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The states a job of this name goes through, one per DescribeJobs (default RUNNABLE, RUNNING, SUCCEEDED). */
    public void script(String jobName, ObjectNode... steps) {
        scripts.put(jobName, List.of(steps));
    }

    /**
     * The steps of a job not scripted by name, chosen from its SubmitJob request (for jobs whose
     * names a test does not know in advance: the engine's generated names).
     */
    public void scriptBySubmit(Function<JsonNode, List<ObjectNode>> rule) {
        scriptBySubmit = rule;
    }

    /** The children of this array job that fail (exit 1). */
    public void failChildren(String jobName, Set<Integer> indexes) {
        failingChildren.put(jobName, indexes);
    }

    /** What the children of array jobs do (default: succeed unless named by {@link #failChildren}). */
    public void children(Child child) {
        children = child;
    }

    /** Holds every job where it is (true) or lets DescribeJobs move jobs on again (false). */
    public void hold(boolean hold) {
        held = hold;
    }

    /** The next {@code n} SubmitJob calls create their job but answer 500, as if the answer were lost on the way. */
    public void loseSubmitAnswers(int n) {
        lostSubmitAnswers.set(n);
    }

    /** Delays SubmitJob calls before their job is created (Batch slow to take it) until called with false. */
    public void delaySubmits(boolean delay) {
        delayed = delay;
    }

    /** Stalls the answers of SubmitJob (the job is created at once) until called with false. */
    public void stallSubmits(boolean stall) {
        stalled = stall;
    }

    /** The fake's clock for {@code createdAt}, epoch ms. */
    public void now(long epochMillis) {
        now = epochMillis;
    }

    public static ObjectNode step(String status) {
        return JSON.createObjectNode().put("status", status);
    }

    public static ObjectNode failed(String statusReason, Integer exitCode, String containerReason) {
        ObjectNode s = step("FAILED").put("statusReason", statusReason);
        ObjectNode c = s.putObject("container");
        if (exitCode != null) {
            c.put("exitCode", exitCode);
        }
        if (containerReason != null) {
            c.put("reason", containerReason);
        }
        return s;
    }

    public List<Call> calls(String op) {
        synchronized (log) {
            return log.stream().filter(c -> c.op().equals(op)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String op = ex.getRequestURI().getPath().replaceFirst("^/v1/", "");
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            synchronized (log) {
                log.add(new Call(op, body, ex.getRequestHeaders().getFirst("Authorization"), System.nanoTime()));
            }
            if (op.equals("submitjob")) {
                await(() -> delayed);
            }
            JsonNode answer = switch (op) {
                case "submitjob" -> submit((ObjectNode) body);
                case "describejobs" -> describe(body);
                case "listjobs" -> list(body);
                case "terminatejob" -> JSON.createObjectNode();
                case "registerjobdefinition" -> register(body);
                case "describejobdefinitions" -> describeDefinitions(body);
                default -> null;
            };
            if (op.equals("submitjob")) {
                await(() -> stalled);
                if (lostSubmitAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    answer = null; // the job exists; the caller learns nothing of it
                }
            }
            byte[] bytes = (answer == null ? "{\"message\":\"unknown operation\"}" : answer.toString())
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (answer == null) {
                ex.getResponseHeaders().set("x-amzn-ErrorType", op.equals("submitjob") ? "ServerException" : "ClientException");
            }
            ex.sendResponseHeaders(answer == null ? (op.equals("submitjob") ? 500 : 400) : 200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier waiting) {
        for (int i = 0; i < 3000 && waiting.getAsBoolean(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private JsonNode submit(ObjectNode body) {
        String name = body.path("jobName").asText();
        String id = UUID.randomUUID().toString();
        List<ObjectNode> steps = scripts.containsKey(name) ? scripts.get(name) : scriptBySubmit.apply(body);
        jobs.put(id, new Job(id, body, steps, now == null ? System.currentTimeMillis() : now));
        return JSON.createObjectNode().put("jobId", id).put("jobName", name)
                .put("jobArn", "arn:aws:batch:us-east-1:123456789012:job/" + id);
    }

    private JsonNode describe(JsonNode body) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode idNode : body.path("jobs")) {
            String id = idNode.asText();
            int colon = id.indexOf(':');
            if (colon > 0) {
                Job parent = jobs.get(id.substring(0, colon));
                if (parent != null) {
                    out.add(child(parent, Integer.parseInt(id.substring(colon + 1))));
                }
                continue;
            }
            Job job = jobs.get(id);
            if (job != null) {
                out.add(detail(job));
            }
        }
        return JSON.createObjectNode().set("jobs", out);
    }

    private ObjectNode detail(Job job) {
        ObjectNode step;
        synchronized (job) {
            job.at = held ? Math.max(0, job.at) : Math.min(job.at + 1, job.steps.size() - 1);
            step = job.steps.get(job.at).deepCopy();
        }
        String name = job.request.path("jobName").asText();
        ObjectNode d = JSON.createObjectNode().put("jobId", job.id).put("jobName", name)
                .put("jobQueue", job.request.path("jobQueue").asText())
                .put("jobDefinition", job.request.path("jobDefinition").asText())
                .put("createdAt", job.createdAt);
        int size = job.request.path("arrayProperties").path("size").asInt(0);
        if (size > 0) {
            String status = step.path("status").asText();
            ObjectNode summary = JSON.createObjectNode();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                Set<Integer> failing = ran(job, size);
                summary.put("SUCCEEDED", size - failing.size()).put("FAILED", failing.size());
                step.put("status", failing.isEmpty() ? "SUCCEEDED" : "FAILED");
            } else {
                summary.put(status, size);
            }
            d.putObject("arrayProperties").put("size", size).set("statusSummary", summary);
        }
        d.setAll(step);
        String index = env(job.request, "AWS_BATCH_JOB_ARRAY_INDEX");
        if (size == 0 && index != null && d.path("status").asText().equals("SUCCEEDED")) {
            // an array of one that Kite runs as a plain job: its container is child 0
            if (!ran(job, Integer.parseInt(index) + 1).isEmpty()) {
                d.put("status", "FAILED").put("statusReason", "Essential container in task exited")
                        .putObject("container").put("exitCode", 1);
            }
        }
        String status = d.path("status").asText();
        boolean started = status.equals("RUNNING") || status.equals("SUCCEEDED")
                || (status.equals("FAILED") && d.path("container").has("exitCode"));
        if (started) {
            // Batch keeps the container's log stream on the job once it has started, also after its end
            (d.has("container") ? (ObjectNode) d.get("container") : d.putObject("container"))
                    .put("logStreamName", "kite/default/" + job.id);
        }
        return d;
    }

    /** Runs the array's children once (when it ends) and answers those that failed. */
    private Set<Integer> ran(Job job, int size) {
        synchronized (job) {
            if (job.failed == null) {
                Set<Integer> failed = new java.util.TreeSet<>();
                for (int i = 0; i < size; i++) {
                    if (!children.run(job.request, i)) {
                        failed.add(i);
                    }
                }
                job.failed = failed;
            }
            return job.failed;
        }
    }

    private ObjectNode child(Job parent, int index) {
        String name = parent.request.path("jobName").asText();
        Set<Integer> failed;
        synchronized (parent) {
            failed = parent.failed;
        }
        boolean fails = failed != null && failed.contains(index);
        String state = failed == null ? "RUNNING" : fails ? "FAILED" : "SUCCEEDED";
        ObjectNode d = JSON.createObjectNode().put("jobId", parent.id + ":" + index).put("jobName", name)
                .put("jobQueue", parent.request.path("jobQueue").asText())
                .put("status", state);
        d.putObject("arrayProperties").put("index", index);
        ObjectNode c = d.putObject("container").put("exitCode", fails ? 1 : 0);
        if (fails) {
            d.put("statusReason", "Essential container in task exited");
            c.put("reason", "child " + index + " raised ValueError");
        }
        return d;
    }

    private JsonNode list(JsonNode body) {
        String queue = body.path("jobQueue").asText();
        String name = null;
        for (JsonNode f : body.path("filters")) {
            if (f.path("name").asText().equals("JOB_NAME")) {
                name = f.path("values").path(0).asText();
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (Job job : jobs.values()) {
            String jobName = job.request.path("jobName").asText();
            if (job.request.path("jobQueue").asText().equals(queue) && (name == null || name.equals(jobName))) {
                out.addObject().put("jobId", job.id).put("jobName", jobName).put("createdAt", job.createdAt)
                        .put("status", "RUNNABLE");
            }
        }
        return JSON.createObjectNode().set("jobSummaryList", out);
    }

    private synchronized JsonNode register(JsonNode body) {
        String name = body.path("jobDefinitionName").asText();
        int revision = (int) definitions.stream().filter(d -> d.path("jobDefinitionName").asText().equals(name)).count() + 1;
        String arn = "arn:aws:batch:us-east-1:123456789012:job-definition/" + name + ":" + revision;
        ObjectNode def = JSON.createObjectNode().put("jobDefinitionName", name).put("jobDefinitionArn", arn)
                .put("revision", revision).put("status", "ACTIVE").put("type", "container");
        def.set("containerProperties", body.path("containerProperties"));
        definitions.add(def);
        return JSON.createObjectNode().put("jobDefinitionName", name).put("jobDefinitionArn", arn).put("revision", revision);
    }

    private synchronized JsonNode describeDefinitions(JsonNode body) {
        String name = body.path("jobDefinitionName").asText(null);
        String status = body.path("status").asText(null);
        ArrayNode out = JSON.createArrayNode();
        definitions.stream().filter(d -> name == null || d.path("jobDefinitionName").asText().equals(name))
                .filter(d -> status == null || d.path("status").asText().equals(status)).forEach(out::add);
        return JSON.createObjectNode().set("jobDefinitions", out);
    }

    /** The value of variable {@code name} in the environment of a SubmitJob request, or null. */
    public static String env(JsonNode submit, String name) {
        for (JsonNode kv : submit.path("containerOverrides").path("environment")) {
            if (kv.path("name").asText().equals(name)) {
                return kv.path("value").asText();
            }
        }
        return null;
    }

    /** The request of the job with this id. */
    public JsonNode request(String jobId) {
        return jobs.get(jobId).request;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

}
