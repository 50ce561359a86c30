package dev.kite.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a document is invalid; carries every {@link FieldError} found, in document order. */
public class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** Convenience for a single error. */
    public ValidationException(String path, String message) {
        this(List.of(new FieldError(path, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        String head = errors.size() == 1 ? "1 validation error: " : errors.size() + " validation errors: ";
        return head + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
