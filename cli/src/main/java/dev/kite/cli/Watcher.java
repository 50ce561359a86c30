package dev.kite.cli;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows an execution live over its event stream ({@code GET …/events?follow=true}): one line per
 * event for people (phases, attempts, retries with when and why), on a terminal with a status line
 * below them ({@link Progress}), then the execution. A stream
 * that breaks off is resumed after the last event received ({@code Last-Event-ID}): nothing is
 * shown twice or missed.
 */
final class Watcher {

    static final Set<String> ENDS = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    private static final int RECONNECTS = 5;

    private Watcher() {
    }

    /** Watches {@code id} to its end; answers the exit code of its phase. */
    static int watch(ApiClient api, Output out, String id) {
        try (Progress progress = out.human() ? Progress.onTerminal(out.out()) : null) {
            return watch(api, out, id, progress);
        }
    }

    private static int watch(ApiClient api, Output out, String id, Progress progress) {
        String last = null;
        for (int tries = 0; ; tries++) {
            try (SseReader events = api.events("/api/v1/executions/" + ApiClient.q(id) + "/events?follow=true", last)) {
                SseReader.Event e;
                while ((e = events.next()) != null) {
                    if ("end".equals(e.name())) {
                        if (progress != null) {
                            progress.close();
                        }
                        return end(out, Output.JSON.readTree(e.data()));
                    }
                    last = e.id() == null ? last : e.id();
                    if (out.human()) {
                        JsonNode event = Output.JSON.readTree(e.data());
                        if (progress != null) {
                            progress.event(event, line(event));
                        } else {
                            out.line(line(event));
                        }
                    }
                }
            } catch (IOException broken) {
                if (tries >= RECONNECTS) {
                    throw new CliException(Exit.UNAVAILABLE, "the event stream of " + id + " broke off: " + broken.getMessage());
                }
            }
        }
    }

    private static int end(Output out, JsonNode execution) {
        GetCommand.show(out, execution);
        return exitCode(execution);
    }

    static int exitCode(JsonNode execution) {
        return "SUCCEEDED".equals(execution.path("phase").asText()) ? Exit.OK : Exit.EXECUTION_FAILED;
    }

    /** {@code 11:27:30.906 RUNNING     attempt 1  retry paid by the user budget}. */
    static String line(JsonNode event) {
        String at = event.path("at").asText("");
        String time = at.length() >= 23 ? at.substring(11, 23) : at;
        String phase = event.path("phase").asText("?");
        StringBuilder b = new StringBuilder(time).append(' ').append(String.format("%-17s", phase));
        if (event.has("attempt")) {
            b.append("attempt ").append(event.get("attempt").asInt());
        }
        if (event.hasNonNull("message")) {
            b.append("  ").append("RETRY_SCHEDULED".equals(phase) ? "retry: " : "").append(event.get("message").asText());
        }
        return b.toString().stripTrailing();
    }
}
