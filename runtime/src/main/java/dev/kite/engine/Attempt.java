package dev.kite.engine;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;

/** One run of the plugin for an execution. Mutated only under its {@link Run}'s lock. */
final class Attempt {

    /** Which retry budget paid for an attempt (the first attempt is paid by none). */
    enum Budget { NONE, USER, SYSTEM }

    final int number;
    final String name;
    final Budget budget;
    final boolean interruptible;
    String phase = "RUNNING";
    Instant startedAt;
    Instant endedAt;
    Instant deadline;
    TaskError error;
    JsonNode handle;
    /** Where the attempt's logs are (Kubernetes attempts): namespace, pod, container, links. */
    JsonNode logs;
    String message;
    /** Links the plugin reported ([{name, url}]), or null. */
    JsonNode links;
    /** Local only: its remote object was deleted after the end was persisted. */
    boolean cleaned;
    /** An async plugin's submit is in flight: the work has not started (not persisted). */
    boolean submitting;
    /** Local only: the attempt's span while traced (see {@link Telemetry}), or null. */
    io.opentelemetry.api.trace.Span span;

    Attempt(int number, String name, Budget budget, boolean interruptible) {
        this.number = number;
        this.name = name;
        this.budget = budget;
        this.interruptible = interruptible;
    }

    boolean running() {
        return "RUNNING".equals(phase);
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("number", number);
        n.put("name", name);
        n.put("phase", phase);
        n.put("budget", budget.name().toLowerCase());
        n.put("interruptible", interruptible);
        n.put("startedAt", startedAt == null ? null : startedAt.toString());
        n.put("endedAt", endedAt == null ? null : endedAt.toString());
        n.put("deadline", deadline == null ? null : deadline.toString());
        n.set("error", error == null ? null : errorJson(error));
        n.set("handle", handle);
        if (logs != null) {
            n.set("logs", logs);
        }
        if (message != null) {
            n.put("message", message);
        }
        if (links != null) {
            n.set("links", links);
        }
        return n;
    }

    static Attempt fromJson(JsonNode n) {
        Attempt a = new Attempt(n.path("number").asInt(), n.path("name").asText(),
                Budget.valueOf(n.path("budget").asText("none").toUpperCase()), n.path("interruptible").asBoolean());
        a.phase = n.path("phase").asText();
        a.startedAt = instant(n.get("startedAt"));
        a.endedAt = instant(n.get("endedAt"));
        a.deadline = instant(n.get("deadline"));
        a.error = error(n.get("error"));
        JsonNode h = n.get("handle");
        a.handle = h == null || h.isNull() ? null : h;
        a.logs = n.hasNonNull("logs") ? n.get("logs") : null;
        a.message = n.hasNonNull("message") ? n.get("message").asText() : null;
        a.links = n.hasNonNull("links") ? n.get("links") : null;
        return a;
    }

    static ObjectNode errorJson(TaskError e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", e.kind().name());
        n.put("recoverable", e.recoverable());
        n.put("code", e.code());
        n.put("message", e.message());
        if (e.retryAfter() != null) {
            n.put("retryAfter", e.retryAfter().toString());
        }
        return n;
    }

    static TaskError error(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return new TaskError(ErrorKind.valueOf(n.path("kind").asText("SYSTEM")), n.path("recoverable").asBoolean(),
                n.path("code").asText(), n.path("message").asText(),
                n.hasNonNull("retryAfter") ? java.time.Duration.parse(n.get("retryAfter").asText()) : null);
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }
}
