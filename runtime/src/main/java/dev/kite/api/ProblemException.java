package dev.kite.api;

import java.util.List;

import dev.kite.model.FieldError;

/** An HTTP error answered as an RFC 9457 problem document. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final transient List<FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException badRequest(String path, String message) {
        String detail = path.isEmpty() ? message : path + ": " + message;
        return new ProblemException(400, "Invalid request", detail, List.of(new FieldError(path, message)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
