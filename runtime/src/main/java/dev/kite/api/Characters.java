package dev.kite.api;

/** The characters no parameter of the REST API may hold, and how to say so. */
final class Characters {

    private Characters() {
    }

    /** Why {@code s} cannot be a parameter value ("must not contain ..."), or null when it can. */
    static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("must not contain control characters (found U+%04X)", (int) c);
            }
        }
        return unpairedSurrogate(s);
    }

    /**
     * "must not contain an unpaired surrogate (U+D800)" when {@code s} is not well-formed UTF-16,
     * else null. Such a string has no UTF-8 form: stored, it would become '?' and collide.
     */
    static String unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return String.format("must not contain an unpaired surrogate (U+%04X)", (int) c);
            }
        }
        return null;
    }
}
