package dev.kite.cli;

import java.util.List;

/** A failure shown as {@code error: <message>} (and the field paths of a problem), ending with {@code code}. */
class CliException extends RuntimeException {

    final int code;
    final transient List<String> details;

    CliException(int code, String message) {
        this(code, message, List.of());
    }

    CliException(int code, String message, List<String> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }
}
