package dev.kite.spi.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

/** Tolerations written in kubectl's taint syntax, {@code key[=value]:Effect}. */
public final class Tolerations {

    public static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PREFIX = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Tolerations() {
    }

    /**
     * Parses every entry; throws {@link IllegalArgumentException} listing every bad one, each
     * named by {@code path[i]}.
     */
    public static List<Toleration> parse(List<String> entries, String path) {
        List<Toleration> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                out.add(parse(entries.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(path + "[" + i + "]: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return List.copyOf(out);
    }

    /**
     * One toleration: {@code key=value:Effect} tolerates that taint (operator {@code Equal}),
     * {@code key:Effect} a taint with that key and any value (operator {@code Exists}).
     */
    public static Toleration parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw bad(t, "no ':Effect'");
        }
        String effect = t.substring(colon + 1);
        if (!EFFECTS.contains(effect)) {
            throw bad(t, "the effect '" + effect + "' is not one of " + String.join(", ", EFFECTS));
        }
        String left = t.substring(0, colon);
        int eq = left.indexOf('=');
        String key = eq < 0 ? left : left.substring(0, eq);
        String value = eq < 0 ? null : left.substring(eq + 1);
        if (!validKey(key)) {
            throw bad(t, "'" + key + "' is not a valid key ([prefix/]name: a name of letters, digits, '-', '_' and '.',"
                    + " at most 63, with an optional DNS prefix)");
        }
        if (value != null && (value.length() > 63 || !value.isEmpty() && !NAME.matcher(value).matches())) {
            throw bad(t, "'" + value + "' is not a valid value (letters, digits, '-', '_' and '.', at most 63)");
        }
        TolerationBuilder b = new TolerationBuilder().withKey(key).withEffect(effect);
        return (value == null ? b.withOperator("Exists") : b.withOperator("Equal").withValue(value)).build();
    }

    private static boolean validKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= 63 && NAME.matcher(name).matches();
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a toleration key[=value]:Effect: " + why);
    }
}
