package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reads what a failed build or start-up reported: the messages of an exception, its causes and suppressed ones. */
final class BuildErrors {

    private BuildErrors() {
    }

    static List<String> messages(Throwable t) {
        List<String> messages = new ArrayList<>();
        collect(t, messages, new IdentityHashMap<>());
        return messages;
    }

    /** Asserts that one of the reported errors has exactly this message. */
    static void assertReported(Throwable t, String message) {
        List<String> messages = messages(t);
        assertTrue(messages.contains(message), () -> "expected the error\n  " + message + "\namong\n  "
                + String.join("\n  ", messages));
    }

    private static void collect(Throwable t, List<String> into, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, true) != null) {
            return;
        }
        if (t.getMessage() != null) {
            into.add(t.getMessage());
        }
        collect(t.getCause(), into, seen);
        for (Throwable s : t.getSuppressed()) {
            collect(s, into, seen);
        }
    }
}
