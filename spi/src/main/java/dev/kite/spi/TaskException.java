package dev.kite.spi;

/** Thrown (or used to fail a {@code Uni}) by a plugin to fail an attempt with a typed error. */
public class TaskException extends RuntimeException {

    private final transient TaskError error;

    public TaskException(TaskError error) {
        super(error.code() + ": " + error.message());
        this.error = error;
    }

    public TaskException(TaskError error, Throwable cause) {
        super(error.code() + ": " + error.message(), cause);
        this.error = error;
    }

    public TaskError error() {
        return error;
    }
}
