package dev.kite.testkit;

import java.util.UUID;

/** The engine's names of an execution and its attempts. */
final class Names {

    private Names() {
    }

    /** {@code kite-<execution id without dashes>}: the same across attempts. */
    static String executionKey(UUID execution) {
        return "kite-" + execution.toString().replace("-", "");
    }

    /** {@code <execution key>-<attempt>}: a valid Kubernetes name, the same every time it is asked. */
    static String attemptName(UUID execution, int attempt) {
        return executionKey(execution) + "-" + attempt;
    }
}
