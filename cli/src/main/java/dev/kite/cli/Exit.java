package dev.kite.cli;

/** The exit codes of {@code kite} (src/docs/cli.md). */
final class Exit {

    /** Done; for {@code run --wait}, {@code run --watch} and {@code watch}: the execution SUCCEEDED. */
    static final int OK = 0;
    /** The execution ended without success (FAILED, TIMED_OUT, ABORTED). */
    static final int EXECUTION_FAILED = 1;
    /** Bad arguments or configuration (picocli's usage errors too). */
    static final int USAGE = 2;
    /** The API refused the request: a 4xx problem (invalid input, not found, conflict). */
    static final int REFUSED = 3;
    /** Not authenticated or not allowed: 401 or 403. */
    static final int DENIED = 4;
    /** The server could not be reached, or answered 5xx. */
    static final int UNAVAILABLE = 5;

    private Exit() {
    }
}
