package dev.kite.spi;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of one attempt of a {@link SyncPlugin}: outputs, or an error.
 *
 * @param outputs the outputs by name (checked by the engine against the task's interface);
 *                null when failed
 * @param error   the error; null when succeeded
 * @param message optional detail for people, shown on the attempt ({@code attempts[].message})
 * @param links   links to what the attempt did elsewhere (a query's page), shown on the attempt
 */
public record TaskResult(ObjectNode outputs, TaskError error, String message, List<Link> links) {

    public TaskResult {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A result without a message or links. */
    public TaskResult(ObjectNode outputs, TaskError error) {
        this(outputs, error, null, List.of());
    }

    public static TaskResult succeeded(ObjectNode outputs) {
        return new TaskResult(outputs == null ? JsonNodeFactory.instance.objectNode() : outputs, null);
    }

    public static TaskResult failed(TaskError error) {
        return new TaskResult(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isSuccess() {
        return error == null;
    }

    /** This result with a message for the attempt. */
    public TaskResult withMessage(String text) {
        return new TaskResult(outputs, error, text, links);
    }

    /** This result with these links. */
    public TaskResult withLinks(List<Link> list) {
        return new TaskResult(outputs, error, message, list);
    }
}
