package dev.kite.plugin.http;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.spi.OperationSettings;
import dev.kite.model.Canonical;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Templates;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;

/**
 * The built-in task type {@code http-job}: a remote job over HTTP. {@code submit} sends the
 * submit request (with an {@code Idempotency-Key} stable for the execution) and keeps what its
 * response names — the job's id and/or URL — as the handle, which the engine persists: a restarted
 * Kite polls the same job instead of submitting again. {@code poll} reads the status until a JSON
 * pointer says done or failed; {@code cancel} sends the cancel request on abort and timeout.
 *
 * <p>Each operation is one request retried in place (connection errors, timeouts, 5xx; see
 * {@code kite.http.operation-retries}) under the host's circuit breaker. What is left then reaches
 * the engine as a {@link TaskException}, so that the engine's per-plugin guard neither retries it
 * once more nor lets one failing host open the breaker of every {@code http-job} task. A 429 on a
 * status poll is waited out in place (at most half of {@code kite.guards.plugin-timeout}) and
 * reported as still running; on a submit it ends the attempt with the server's Retry-After as the
 * wait before the next one.
 */
@ApplicationScoped
@TaskTypes(HttpJobPlugin.TYPE)
public class HttpJobPlugin implements AsyncPlugin<HttpJobConfig, JobHandle> {

    /** The task type. */
    public static final String TYPE = "http-job";

    /** A config, parsed and checked. */
    record Spec(RequestSpec submit, OutputMapping.Source jobId, OutputMapping.Source jobUrl, RequestSpec status,
            JsonPointer state, List<JsonNode> done, List<JsonNode> failed, JsonPointer message, RequestSpec cancel,
            OutputMapping outputs, CallOptions options) {
    }

    @Inject
    HttpTransport transport;

    @Inject
    HttpConfig config;

    @Inject
    OperationSettings guards;

    @Override
    public void check() {
        transport.policy();
    }

    /** The config compiled once per task version: every request template, pointer and output mapping. */
    @Override
    public Spec prepare(TaskTemplate task, HttpJobConfig c, FieldErrors errors) {
        int before = errors.size();
        Templates.Scope inputs = Templates.Scope.inputs(task.iface());
        RequestSpec submit = null;
        if (c.submit() == null) {
            errors.add("config.submit", "required");
        } else {
            submit = RequestSpec.compile(c.submit(), "POST", true, inputs, "config.submit", errors);
        }
        OutputMapping.Source id = null;
        OutputMapping.Source url = null;
        Map<String, LiteralType> jobFields = new HashMap<>();
        if (c.job() == null || c.job().id() == null && c.job().url() == null) {
            errors.add("config.job", "say where the submit response names the job: {\"id\": \"/id\"} and/or"
                    + " {\"url\": \"header:Location\"}");
        } else {
            if (c.job().id() != null) {
                id = OutputMapping.source(c.job().id(), "config.job.id", errors);
                jobFields.put("id", LiteralType.STRING);
            }
            if (c.job().url() != null) {
                url = OutputMapping.source(c.job().url(), "config.job.url", errors);
                jobFields.put("url", LiteralType.STRING);
            }
        }
        Templates.Scope withJob = inputs.with("job", "job field", jobFields);
        RequestSpec status = null;
        JsonPointer state = null;
        JsonPointer message = null;
        List<JsonNode> done = List.of();
        List<JsonNode> failed = List.of();
        HttpJobConfig.Status s = c.status();
        if (s == null) {
            errors.add("config.status", "required");
        } else {
            boolean urlKnown = c.job() != null && c.job().url() != null;
            status = RequestSpec.compile(s.request(), "GET", !urlKnown, withJob, "config.status", errors);
            state = pointer(s.pointer(), "config.status.pointer", true, errors);
            message = pointer(s.message(), "config.status.message", false, errors);
            done = s.done() == null ? List.of() : s.done();
            failed = s.failed() == null ? List.of() : s.failed();
            if (done.isEmpty()) {
                errors.add("config.status.done", "list the states that mean done, e.g. [\"SUCCEEDED\"]");
            }
        }
        RequestSpec cancel = null;
        if (c.cancel() != null) {
            boolean urlKnown = c.job() != null && c.job().url() != null;
            cancel = RequestSpec.compile(c.cancel(), "DELETE", !urlKnown, withJob, "config.cancel", errors);
        }
        OutputMapping outputs = OutputMapping.compile(c.outputs(), task.iface(), "config.outputs", errors);
        CallOptions options = CallOptions.compile(c.timeout(), c.maxResponseBytes(), c.tls(), c.idempotencyKey(), config,
                transport.trustFiles(), "config", errors);
        return errors.size() == before
                ? new Spec(submit, id, url, status, state, done, failed, message, cancel, outputs, options) : null;
    }

    private static JsonPointer pointer(String text, String path, boolean required, FieldErrors errors) {
        if (text == null) {
            if (required) {
                errors.add(path, "required: a JSON pointer such as /state");
            }
            return null;
        }
        if (!text.startsWith("/")) {
            errors.add(path, "expected a JSON pointer such as /state");
            return null;
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            errors.add(path, "not a valid JSON pointer: " + e.getMessage());
            return null;
        }
    }

    /** The spec the engine prepared; compiled here only for a context that has none. */
    private Spec spec(TaskContext<HttpJobConfig> ctx) {
        Spec prepared = ctx.prepared();
        if (prepared != null) {
            return prepared;
        }
        FieldErrors errors = new FieldErrors();
        Spec spec = prepare(ctx.task(), ctx.config(), errors);
        if (spec == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG", HttpPlugin.describe(errors)));
        }
        return spec;
    }

    private static Map<String, JsonNode> data(TaskContext<?> ctx, JobHandle h) {
        ObjectNode job = JsonNodeFactory.instance.objectNode();
        if (h != null && h.id() != null) {
            job.put("id", h.id());
        }
        if (h != null && h.url() != null) {
            job.put("url", h.url());
        }
        return Map.of("inputs", ctx.inputs(), "job", job);
    }

    /**
     * The bounds of one operation: the engine's guard gives each at most
     * {@code kite.guards.plugin-timeout}, so requests and in-place retries stop a little before.
     */
    private HttpTransport.Call operation(Spec spec, TaskContext<?> ctx) {
        HttpTransport.Call call = spec.options().call(ctx);
        Instant guardEnd = Instant.now().plus(guards.pluginTimeout().multipliedBy(9).dividedBy(10));
        return guardEnd.isBefore(call.deadline())
                ? new HttpTransport.Call(call.timeout(), guardEnd, call.maxBytes(), call.tls(), call.trace()) : call;
    }

    private static TaskException verdict(Throwable f) {
        return new TaskException(((HttpFailure) f).error());
    }

    @Override
    public Uni<JobHandle> submit(TaskContext<HttpJobConfig> ctx) {
        return Uni.createFrom().deferred(() -> {
            Spec spec = spec(ctx);
            OutgoingRequest req = spec.submit().render(data(ctx, null), null, ctx, spec.options().idempotencyKey(ctx));
            return transport.sendRetrying(req, operation(spec, ctx)).map(reply -> {
                String id = text(spec.jobId(), reply);
                String url = text(spec.jobUrl(), reply);
                if (id == null && url == null) {
                    throw HttpFailure.user("HTTP_NO_JOB", "the response of " + reply.description() + " names no job (config.job: "
                            + (spec.jobId() != null ? "id at " + OutputMapping.describe(spec.jobId()) : "")
                            + (spec.jobUrl() != null ? " url at " + OutputMapping.describe(spec.jobUrl()) : "") + ")");
                }
                return new JobHandle(id, url == null ? null : req.uri().resolve(URI.create(url.strip())).toString());
            });
        }).onFailure(HttpFailure.class).transform(HttpJobPlugin::verdict);
    }

    private static String text(OutputMapping.Source source, HttpReply reply) {
        if (source == null) {
            return null;
        }
        JsonNode v = OutputMapping.read(source, reply);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : Canonical.json(v);
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<HttpJobConfig> ctx, JobHandle handle) {
        return Uni.createFrom().deferred(() -> {
            Spec spec = spec(ctx);
            OutgoingRequest req = spec.status().render(data(ctx, handle), handle.url(), ctx, null);
            return transport.sendRetrying(req, operation(spec, ctx)).map(reply -> status(spec, handle, reply));
        }).onFailure(HttpFailure.class).recoverWithUni(f -> {
            TaskError e = ((HttpFailure) f).error();
            if (!e.recoverable()) {
                return Uni.createFrom().item(TaskStatus.failed(e)); // a verdict about this job: the attempt ends
            }
            if (e.code().equals("HTTP_429")) {
                Duration wait = e.retryAfter() == null ? Duration.ZERO : e.retryAfter();
                Duration cap = guards.pluginTimeout().dividedBy(2);
                return Uni.createFrom().item(TaskStatus.running("the status service asked to slow down (HTTP 429)"))
                        .onItem().delayIt().by(wait.compareTo(cap) > 0 ? cap : wait);
            }
            return Uni.createFrom().failure(verdict(f));
        });
    }

    private TaskStatus status(Spec spec, JobHandle handle, HttpReply reply) {
        JsonNode body = reply.json();
        JsonNode state = body.at(spec.state());
        String message = spec.message() == null ? null : textAt(body, spec.message());
        String job = handle.id() != null ? handle.id() : handle.url();
        if (state.isMissingNode()) {
            return TaskStatus.failed(TaskError.user("HTTP_NO_STATE", "the status response of job " + job + " has nothing at "
                    + spec.state() + " (config.status.pointer)"));
        }
        if (matches(spec.done(), state)) {
            try {
                return TaskStatus.succeeded(spec.outputs().apply(reply));
            } catch (HttpFailure f) {
                return TaskStatus.failed(f.error());
            }
        }
        if (matches(spec.failed(), state)) {
            return TaskStatus.failed(TaskError.userRecoverable("JOB_FAILED", "job " + job + " failed: state "
                    + Canonical.json(state) + (message == null ? "" : ": " + HttpErrors.excerpt(message))));
        }
        String text = state.isTextual() ? state.textValue() : Canonical.json(state);
        return TaskStatus.running(message == null ? text : text + ": " + HttpErrors.excerpt(message));
    }

    private static boolean matches(List<JsonNode> values, JsonNode state) {
        String canonical = Canonical.json(state);
        return values.stream().anyMatch(v -> Canonical.json(v).equals(canonical));
    }

    private static String textAt(JsonNode body, JsonPointer p) {
        JsonNode v = body.at(p);
        return v.isMissingNode() || v.isNull() ? null : v.isTextual() ? v.textValue() : Canonical.json(v);
    }

    @Override
    public Uni<Void> cancel(TaskContext<HttpJobConfig> ctx, JobHandle handle) {
        return Uni.createFrom().deferred(() -> {
            Spec spec = spec(ctx);
            if (spec.cancel() == null) {
                return Uni.createFrom().voidItem(); // no cancel request configured: the job is left to run
            }
            OutgoingRequest req = spec.cancel().render(data(ctx, handle), handle.url(), ctx, null);
            return transport.sendRetrying(req, operation(spec, ctx)).replaceWithVoid()
                    .onFailure(f -> f instanceof HttpFailure hf && (hf.error().code().equals("HTTP_404")
                            || hf.error().code().equals("HTTP_410")))
                    .recoverWithNull(); // already gone
        }).onFailure(HttpFailure.class).transform(HttpJobPlugin::verdict);
    }
}
