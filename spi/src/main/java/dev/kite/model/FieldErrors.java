package dev.kite.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Mutable collector of {@link FieldError}s, so that a validation reports every problem at once
 * rather than the first one. Also builds field paths: {@code child("a", "b")} is {@code a.b},
 * {@code index("a", 2)} is {@code a[2]}, and a key that is not a simple identifier is quoted:
 * {@code child("a", "key with space")} is {@code a["key with space"]}.
 *
 * <p>It also collects warnings: problems that do not make the task invalid (a parameter nothing
 * sets, a default applied). A plugin records them in {@code validate} or {@code prepare} with
 * {@link #warn}; the registration answer lists them ({@code warnings: ["path: message"]}), and
 * they are not stored.
 */
public final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void add(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    /** Records a warning about the field at {@code path}: the task stays valid. */
    public void warn(String path, String message) {
        warnings.add(path + ": " + message);
    }

    /** The warnings so far, each {@code "path: message"}, in the order they were found. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Records the warnings of {@code other} here too (a check that ran on a collector of its own). */
    public void warnAll(FieldErrors other) {
        warnings.addAll(other.warnings);
    }

    /** Whether there is no error (warnings do not count). */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Number of errors so far; parsers compare it before and after a step to see whether it failed. */
    public int size() {
        return errors.size();
    }

    /** An immutable snapshot of the errors, in the order they were found. */
    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws a {@link ValidationException} carrying all errors, if there are any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Path of field {@code field} under {@code parentPath}; an empty parent means the document root. */
    public static String child(String parentPath, String field) {
        if (simpleKey(field)) {
            return parentPath.isEmpty() ? field : parentPath + "." + field;
        }
        return parentPath + "[" + quote(field) + "]";
    }

    /**
     * A key written as {@code .key}: {@code [A-Za-z_][A-Za-z0-9_]*}. Checked by hand rather than by
     * a regular expression: every validated field asks, on every request.
     */
    private static boolean simpleKey(String field) {
        if (field.isEmpty()) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Path of element {@code i} of the array at {@code parentPath}. */
    public static String index(String parentPath, int i) {
        return parentPath + "[" + i + "]";
    }

    private static String quote(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 2).append('"');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return errors.toString();
    }
}
