package dev.kite.plugin.http;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.kite.model.Durations;
import dev.kite.model.FieldErrors;
import dev.kite.spi.TaskContext;

/**
 * The options every request of a task shares, checked once.
 *
 * @param timeout    longest one request may take
 * @param maxBytes   largest response body read
 * @param tls        TLS options
 * @param perAttempt whether the Idempotency-Key is the attempt's name rather than the execution's
 */
record CallOptions(Duration timeout, int maxBytes, HttpTls tls, boolean perAttempt) {

    /** Parses the shared options; null after recording errors under {@code path}. */
    static CallOptions compile(String timeout, Integer maxResponseBytes, HttpTls tls, String idempotencyKey,
            HttpConfig config, TrustFiles files, String path, FieldErrors errors) {
        int before = errors.size();
        Duration t = config.requestTimeout();
        if (timeout != null) {
            t = Durations.parsePositive(TextNode.valueOf(timeout), FieldErrors.child(path, "timeout"), errors);
        }
        int max = config.maxResponseBytes();
        if (maxResponseBytes != null) {
            if (maxResponseBytes < 1 || maxResponseBytes > config.maxResponseBytes()) {
                errors.add(FieldErrors.child(path, "maxResponseBytes"), "must be between 1 and "
                        + config.maxResponseBytes() + " (kite.http.max-response-bytes)");
            }
            max = maxResponseBytes;
        }
        HttpTls options = tls == null ? HttpTls.DEFAULT : tls;
        String refusal = options.caPath() == null ? null : files.refusal(options.caPath());
        if (refusal != null) {
            errors.add(FieldErrors.child(FieldErrors.child(path, "tls"), "caPath"), refusal);
        }
        boolean perAttempt = false;
        if (idempotencyKey != null) {
            if (idempotencyKey.equals("attempt")) {
                perAttempt = true;
            } else if (!idempotencyKey.equals("execution")) {
                errors.add(FieldErrors.child(path, "idempotencyKey"), "expected execution or attempt");
            }
        }
        return errors.size() == before ? new CallOptions(t, max, options, perAttempt) : null;
    }

    /** The Idempotency-Key of a call: stable for the execution (or the attempt). */
    String idempotencyKey(TaskContext<?> ctx) {
        return perAttempt ? ctx.generatedName() : ctx.executionKey();
    }

    /** One call: these options, bounded by the attempt's deadline. */
    HttpTransport.Call call(TaskContext<?> ctx) {
        Instant deadline = ctx.deadline() == null ? Instant.now().plus(timeout) : ctx.deadline();
        return new HttpTransport.Call(timeout, deadline, maxBytes, tls, ctx.trace());
    }
}
