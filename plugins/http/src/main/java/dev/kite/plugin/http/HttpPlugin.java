package dev.kite.plugin.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.FieldError;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Templates;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;

/**
 * The built-in task type {@code http}: one request built from the inputs, outputs read from the
 * response. Every call carries an {@code Idempotency-Key} stable for the execution.
 *
 * <p>A failed call ends the attempt — it is never retried in place, because the call is the
 * task: connection errors, timeouts, 5xx, 408, 425 and 429 are SYSTEM recoverable (the system
 * budget retries them, after the server's {@code Retry-After} when it sent one); other 4xx are
 * USER errors that fail at once. See {@code src/docs/http-tasks.md}.
 */
@ApplicationScoped
@TaskTypes(HttpPlugin.TYPE)
public class HttpPlugin implements SyncPlugin<HttpCallConfig> {

    /** The task type. */
    public static final String TYPE = "http";

    /** A config, parsed and checked. */
    record Spec(RequestSpec request, OutputMapping outputs, CallOptions options) {
    }

    @Inject
    HttpTransport transport;

    @Inject
    HttpConfig config;

    @Override
    public void check() {
        transport.policy();
    }

    /** The config compiled once per task version: the request template, output mapping and options. */
    @Override
    public Spec prepare(TaskTemplate task, HttpCallConfig c, FieldErrors errors) {
        int before = errors.size();
        Templates.Scope scope = Templates.Scope.inputs(task.iface());
        RequestSpec request = RequestSpec.compile(c.request(), "GET", true, scope, "config", errors);
        OutputMapping outputs = OutputMapping.compile(c.outputs(), task.iface(), "config.outputs", errors);
        CallOptions options = CallOptions.compile(c.timeout(), c.maxResponseBytes(), c.tls(), c.idempotencyKey(), config,
                transport.trustFiles(), "config", errors);
        return errors.size() == before ? new Spec(request, outputs, options) : null;
    }

    @Override
    public Uni<TaskResult> run(TaskContext<HttpCallConfig> ctx) {
        Spec spec = ctx.prepared();
        if (spec == null) { // a context the engine did not make
            FieldErrors errors = new FieldErrors();
            spec = prepare(ctx.task(), ctx.config(), errors);
            if (spec == null) {
                return Uni.createFrom().item(TaskResult.failed(TaskError.user("INVALID_CONFIG", describe(errors))));
            }
        }
        Spec call = spec;
        OutgoingRequest req;
        try {
            req = call.request().render(Map.<String, JsonNode>of("inputs", ctx.inputs()), null, ctx,
                    call.options().idempotencyKey(ctx));
        } catch (HttpFailure f) {
            return Uni.createFrom().item(TaskResult.failed(f.error()));
        }
        return transport.send(req, call.options().call(ctx))
                .map(reply -> TaskResult.succeeded(call.outputs().apply(reply)))
                .onFailure(HttpFailure.class).recoverWithItem(f -> TaskResult.failed(
                        HttpErrors.scrub((HttpFailure) f, req.secrets()).error()));
    }

    static String describe(FieldErrors errors) {
        return String.join("; ", errors.list().stream().map(FieldError::toString).toList());
    }
}
