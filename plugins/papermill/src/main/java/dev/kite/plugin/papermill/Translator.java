package dev.kite.plugin.papermill;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parameter values as source code of a kernel's language, by papermill's rules (its
 * {@code translators} module): the injected cell is a comment line {@code Parameters} and one
 * assignment per parameter, each on its own line, the source ending with a newline.
 * <ul>
 *   <li>Python: {@code name = value}; strings {@code "..."} with Python's {@code unicode_escape}
 *       and {@code "} as {@code \"}; {@code True}/{@code False}; {@code None}; integers as
 *       written; floats as Python's {@code repr} ({@code 1e+16}, {@code 0.5}), non-finite ones as
 *       {@code float('nan')}, {@code float('inf')}, {@code float('-inf')}; lists {@code [a, b]};
 *       dicts {@code {"k": v}}, nested alike.</li>
 *   <li>R: {@code name = value} (leading underscores dropped from the name); {@code TRUE}/{@code FALSE};
 *       {@code NULL}; lists and dicts as {@code list(...)} / {@code list("k" = v)}; non-finite
 *       floats as {@code NaN}, {@code Inf}, {@code -Inf}.</li>
 *   <li>Scala: {@code val name = value}; {@code true}/{@code false}; {@code None}; integers beyond
 *       32 bits with an {@code L}; {@code Seq(...)} and {@code Map("k" -> v)}.</li>
 * </ul>
 * Papermill formats Python with {@code black} when that is installed; Kite does not.
 */
enum Translator {

    PYTHON("#", Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*(?::[^=#\\n]*)?=(?!=)", Pattern.MULTILINE),
            new Syntax("None", "True", "False", "float('nan')", "float('inf')", "float('-inf')",
                    "[", "]", ": ", "{", "}", "")),

    R("#", Pattern.compile("^\\.?([A-Za-z][A-Za-z0-9_.]*)\\s*(?:<-|=(?!=))", Pattern.MULTILINE),
            new Syntax("NULL", "TRUE", "FALSE", "NaN", "Inf", "-Inf", "list(", ")", " = ", "list(", ")", "")) {
        @Override
        String assign(String name, String value) {
            String n = name;
            while (n.startsWith("_")) {
                n = n.substring(1); // a leading '_' is not legal in an R name
            }
            return super.assign(n, value);
        }
    },

    SCALA("//", Pattern.compile("^\\s*(?:val|var)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(?::[^=\\n]*)?=", Pattern.MULTILINE),
            new Syntax("None", "true", "false", "Double.NaN", "Double.PositiveInfinity", "Double.NegativeInfinity",
                    "Seq(", ")", " -> ", "Map(", ")", "val ")) {
        @Override
        String integer(long v) {
            return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? v + "L" : Long.toString(v);
        }
    };

    /**
     * How a language writes each kind of value: the literals of none, booleans and non-finite
     * floats, the brackets of lists and dicts, a dict entry's separator, and what precedes an
     * assignment ({@code val } in Scala).
     */
    record Syntax(String none, String yes, String no, String nan, String inf, String negInf, String listOpen,
            String listClose, String entrySeparator, String dictOpen, String dictClose, String declare) {
    }

    private final String comment;
    private final Pattern assignment;
    private final Syntax syntax;

    Translator(String comment, Pattern assignment, Syntax syntax) {
        this.comment = comment;
        this.assignment = assignment;
        this.syntax = syntax;
    }

    /** The translator of a kernel language ({@code python}, {@code R}, {@code scala}), case-insensitive. */
    static Optional<Translator> forLanguage(String language) {
        if (language == null) {
            return Optional.empty();
        }
        return switch (language.strip().toLowerCase(Locale.ROOT)) {
            case "python", "python3", "ipython", "ipython3" -> Optional.of(PYTHON);
            case "r" -> Optional.of(R);
            case "scala" -> Optional.of(SCALA);
            default -> Optional.empty();
        };
    }

    /** The languages there is a translator for, for messages. */
    static String known() {
        return "python, R, scala";
    }

    String none() {
        return syntax.none();
    }

    String bool(boolean b) {
        return b ? syntax.yes() : syntax.no();
    }

    String integer(long v) {
        return Long.toString(v);
    }

    String nonFinite(double d) {
        return Double.isNaN(d) ? syntax.nan() : d > 0 ? syntax.inf() : syntax.negInf();
    }

    String list(String items) {
        return syntax.listOpen() + items + syntax.listClose();
    }

    String entry(String key, String value) {
        return key + syntax.entrySeparator() + value;
    }

    String dict(String entries) {
        return syntax.dictOpen() + entries + syntax.dictClose();
    }

    String assign(String name, String value) {
        return syntax.declare() + name + " = " + value;
    }

    /** The injected cell's source: papermill's {@code codify}. */
    String codify(Map<String, JsonNode> parameters) {
        StringBuilder sb = new StringBuilder(comment).append(" Parameters\n");
        parameters.forEach((name, value) -> sb.append(assign(name, translate(value))).append('\n'));
        return sb.toString();
    }

    /** One value as source code. */
    String translate(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return none();
        }
        if (v.isTextual()) {
            return string(v.textValue());
        }
        if (v.isBoolean()) {
            return bool(v.booleanValue());
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? integer(v.longValue()) : v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return Double.isFinite(d) ? pythonRepr(d) : nonFinite(d);
        }
        if (v.isArray()) {
            StringBuilder items = new StringBuilder();
            for (JsonNode e : v) {
                items.append(items.isEmpty() ? "" : ", ").append(translate(e));
            }
            return list(items.toString());
        }
        if (v.isObject()) {
            StringBuilder entries = new StringBuilder();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                entries.append(entries.isEmpty() ? "" : ", ").append(entry(string(e.getKey()), translate(e.getValue())));
            }
            return dict(entries.toString());
        }
        return string(v.asText());
    }

    /** The names a parameters cell assigns at the start of a line, in order. */
    Set<String> assignedNames(String source) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = assignment.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code "..."}: the text through Python's {@code unicode_escape} codec, then {@code "} as {@code \"}. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f) {
                        sb.append((char) cp);
                    } else if (cp < 0x100) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    /**
     * Python's {@code repr} of a finite float: the shortest digits that read back as the same
     * double, positional for decimal exponents -4 to 15 (with {@code .0} when integral), else
     * scientific with a signed exponent of at least two digits ({@code 1e+16}, {@code 1.5e-07}).
     */
    static String pythonRepr(double d) {
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = shortest(Math.abs(d));
        String digits = bd.unscaledValue().toString();
        int exponent = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /** The fewest significant digits that read back as {@code d} (Java 17's Double.toString is not always that). */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
