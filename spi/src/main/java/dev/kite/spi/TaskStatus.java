package dev.kite.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state of remote work, as an {@link AsyncPlugin} or {@code KubernetesPlugin} reads it.
 *
 * @param phase     where the work is
 * @param outputs   outputs, when {@link Phase#SUCCEEDED}
 * @param error     the error, when {@link Phase#FAILED}
 * @param message   optional detail for people ("2/3 pods ready"), shown on the running attempt
 * @param links     links to the remote work (a console, a UI), shown on the attempt; empty for none
 * @param pollAfter when to poll next, or null for the engine's backoff: a job that ends at a known
 *                  time says so, and the engine polls then (within {@code kite.engine.poll-initial}
 *                  and {@code kite.engine.poll-max}); ignored once the phase is terminal
 */
public record TaskStatus(Phase phase, ObjectNode outputs, TaskError error, String message, List<Link> links,
        Duration pollAfter) {

    public TaskStatus {
        Objects.requireNonNull(phase, "phase");
        links = links == null ? List.of() : List.copyOf(links);
        pollAfter = pollAfter == null || pollAfter.isNegative() ? null : pollAfter;
    }

    /** A status without links or a poll hint. */
    public TaskStatus(Phase phase, ObjectNode outputs, TaskError error, String message) {
        this(phase, outputs, error, message, List.of(), null);
    }

    /** Phases of remote work. */
    public enum Phase {
        /** Accepted, not started (waiting for resources). */
        QUEUED,
        /** Started. */
        RUNNING,
        /** Ended well; outputs present. */
        SUCCEEDED,
        /** Ended badly; error present. */
        FAILED;

        public boolean isTerminal() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    public static TaskStatus queued(String message) {
        return new TaskStatus(Phase.QUEUED, null, null, message);
    }

    public static TaskStatus running(String message) {
        return new TaskStatus(Phase.RUNNING, null, null, message);
    }

    public static TaskStatus succeeded(ObjectNode outputs) {
        return new TaskStatus(Phase.SUCCEEDED, outputs == null ? JsonNodeFactory.instance.objectNode() : outputs, null, null);
    }

    public static TaskStatus failed(TaskError error) {
        return new TaskStatus(Phase.FAILED, null, Objects.requireNonNull(error, "error"), error.message());
    }

    /** This status with these links. */
    public TaskStatus withLinks(List<Link> list) {
        return new TaskStatus(phase, outputs, error, message, list, pollAfter);
    }

    /** This status asking for the next poll after {@code wait}. */
    public TaskStatus withPollAfter(Duration wait) {
        return new TaskStatus(phase, outputs, error, message, links, wait);
    }
}
