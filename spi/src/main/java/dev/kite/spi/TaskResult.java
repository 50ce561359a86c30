package dev.kite.spi;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of one attempt of a {@link SyncPlugin}: outputs, or an error.
 *
 * @param outputs the outputs by name (checked by the engine against the task's interface);
 *                null when failed
 * @param error   the error; null when succeeded
 */
public record TaskResult(ObjectNode outputs, TaskError error) {

    public static TaskResult succeeded(ObjectNode outputs) {
        return new TaskResult(outputs == null ? JsonNodeFactory.instance.objectNode() : outputs, null);
    }

    public static TaskResult failed(TaskError error) {
        return new TaskResult(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isSuccess() {
        return error == null;
    }
}
