package dev.kite.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskStatus;

/**
 * The engine's check of a plugin's outputs against the task's interface (every declared output
 * present and of its type, nothing undeclared; defaults filled in), which fails an attempt with
 * {@code OUTPUT_MISMATCH} when it does not hold.
 */
public final class Outputs {

    private Outputs() {
    }

    /**
     * The outputs in canonical form, as the engine stores them.
     *
     * @throws AssertionError naming every mismatch
     */
    public static ObjectNode check(TaskTemplate task, ObjectNode outputs) {
        FieldErrors errors = new FieldErrors();
        ObjectNode checked = Values.coerceInputs(task.iface().outputs(), outputs, "outputs", errors);
        if (!errors.isEmpty()) {
            throw new AssertionError("the outputs do not match the interface: " + errors.list());
        }
        return checked;
    }

    /** The checked outputs of a succeeded result; an AssertionError naming the error of a failed one. */
    public static ObjectNode of(TaskTemplate task, TaskResult result) {
        if (!result.isSuccess()) {
            throw new AssertionError("the attempt failed: " + result.error());
        }
        return check(task, result.outputs());
    }

    /** The checked outputs of a SUCCEEDED status; an AssertionError for any other. */
    public static ObjectNode of(TaskTemplate task, TaskStatus status) {
        if (status.phase() != TaskStatus.Phase.SUCCEEDED) {
            throw new AssertionError("expected SUCCEEDED, got " + status.phase()
                    + (status.error() != null ? ": " + status.error() : status.message() != null ? ": " + status.message() : ""));
        }
        return check(task, status.outputs());
    }
}
