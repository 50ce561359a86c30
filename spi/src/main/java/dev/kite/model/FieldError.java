package dev.kite.model;

import java.util.Objects;

/**
 * One validation problem: the path of the offending field (for example {@code inputs.names[2]} or
 * {@code metadata.retries}; empty for the document itself) and a human-readable message.
 */
public record FieldError(String path, String message) {

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
