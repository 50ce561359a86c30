package dev.kite.spi;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state of remote work, as an {@link AsyncPlugin} or {@link KubernetesPlugin} reads it.
 *
 * @param phase   where the work is
 * @param outputs outputs, when {@link Phase#SUCCEEDED}
 * @param error   the error, when {@link Phase#FAILED}
 * @param message optional detail for people ("2/3 pods ready")
 */
public record TaskStatus(Phase phase, ObjectNode outputs, TaskError error, String message) {

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
}
