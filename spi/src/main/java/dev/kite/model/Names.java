package dev.kite.model;

/**
 * The rule every user-chosen name follows (a task's {@code id.name}, an execution's {@code name}),
 * written out in {@code src/docs/task-model.md}: a name is text a person reads back and tells
 * apart, so it must show at least one visible character, must not start or end with white space,
 * and holds no control characters, no unpaired surrogates and no bidirectional controls (which
 * make one name display as another: {@code "txt.exe"} written with U+202E reads as
 * {@code "exe.txt"}).
 */
public final class Names {

    private Names() {
    }

    /** Records under {@code path} every way {@code name} breaks the rule; nothing when it follows it. */
    public static void check(String name, String path, FieldErrors errors) {
        if (name.isEmpty()) {
            return; // emptiness is the caller's concern ("must not be empty", "required")
        }
        if (name.codePoints().allMatch(Names::space)) {
            errors.add(path, "must contain a visible character, not only white space");
        } else if (space(name.codePointAt(0)) || space(name.codePointBefore(name.length()))) {
            errors.add(path, "must not start or end with white space");
        }
        int control = name.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            errors.add(path, String.format("must not contain control characters (found U+%04X)", control));
        }
        if (name.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
            errors.add(path, "must not contain unpaired surrogates");
        }
        int bidi = name.codePoints().filter(Names::bidiControl).findFirst().orElse(-1);
        if (bidi >= 0) {
            errors.add(path, String.format("must not contain bidirectional control characters (found U+%04X)", bidi));
        }
    }

    private static boolean space(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069: the characters that reorder text. */
    static boolean bidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }
}
