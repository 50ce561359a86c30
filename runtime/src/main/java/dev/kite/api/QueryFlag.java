package dev.kite.api;

/**
 * A boolean query parameter such as {@code follow}: absent is false, {@code true} or a bare
 * {@code ?follow} is true, {@code false} is false, anything else is a 400 naming the parameter.
 */
final class QueryFlag {

    private QueryFlag() {
    }

    /** Whether {@code value} says yes; a 400 problem at {@code name} when it is neither true nor false. */
    static boolean of(String value, String name) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw ProblemException.badRequest(name, "must be true or false");
    }

    /** Whether {@code value} says yes, without judging it (a malformed one is refused where it is read). */
    static boolean yes(String value) {
        return value != null && (value.isEmpty() || value.equals("true"));
    }
}
