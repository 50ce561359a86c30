package dev.kite.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The placeholder syntax of {@link Templates}: splitting a text into literal parts and
 * placeholders, checking each placeholder against the {@link Templates.Scope} (its root, its
 * variable, and every field or index read against the variable's type), and reading a
 * placeholder's value from the data at render time. Only {@link Templates} uses it.
 */
final class Placeholders {

    private Placeholders() {
    }

    sealed interface Part permits Literal, Ref {
    }

    record Literal(String text) implements Part {
    }

    /** A placeholder: root, variable and the reads after it (String = field, Integer = index). */
    record Ref(String source, String root, String name, List<Object> reads) implements Part {
    }

    /** The parts of {@code text}; null after recording errors under {@code path}. */
    static List<Part> split(String text, Templates.Scope scope, String path, FieldErrors errors) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int before = errors.size();
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int j = skipSpace(text, open + 2);
            if (j < text.length() && text.charAt(j) == '"') {
                int quote = text.indexOf('"', j + 1);
                int close = quote < 0 ? -1 : skipSpace(text, quote + 1);
                if (close < 0 || !text.startsWith("}}", close)) {
                    errors.add(path, "malformed placeholder at offset " + open
                            + ": a literal is written {{\"text\"}}, with no '\"' inside");
                    return null;
                }
                literal.append(text, j + 1, quote);
                i = close + 2;
                continue;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                errors.add(path, "unclosed placeholder at offset " + open
                        + ": '{{' without '}}' (write {{\"{{\"}} for a literal '{{')");
                return null;
            }
            String source = text.substring(open, close + 2);
            Ref ref = reference(text.substring(open + 2, close).strip(), source, scope, path, errors);
            if (ref != null) {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(ref);
            }
            i = close + 2;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return errors.size() == before ? List.copyOf(parts) : null;
    }

    /** The value a placeholder names in {@code data} (by root); a {@link Templates.RenderException} when there is none. */
    static JsonNode resolve(Ref ref, Map<String, ? extends JsonNode> data) {
        JsonNode cur = data.get(ref.root());
        cur = cur == null ? null : cur.get(ref.name());
        for (Object read : ref.reads()) {
            if (cur == null) {
                break;
            }
            cur = read instanceof Integer n ? (cur.isArray() ? cur.get(n) : null) : (cur.isObject() ? cur.get((String) read) : null);
        }
        if (cur == null || cur.isMissingNode()) {
            throw new Templates.RenderException("no value for " + ref.source());
        }
        return cur;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The tokens of a placeholder: root and variable (in {@code tokens}) and the reads after them; false when malformed. */
    private static boolean tokens(String inner, List<String> tokens, List<Object> reads) {
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < inner.length() && segmentChar(inner.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
                String name = inner.substring(start, i);
                if (tokens.size() < 2) {
                    tokens.add(name);
                } else {
                    reads.add(name);
                }
            } else if (c == '[' && tokens.size() == 2) {
                int end = inner.indexOf(']', i);
                String digits = end < 0 ? "" : inner.substring(i + 1, end);
                if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
                    return false;
                }
                reads.add(Integer.parseInt(digits));
                i = end + 1;
            } else {
                return false;
            }
        }
        return !tokens.isEmpty();
    }

    private static Ref reference(String inner, String source, Templates.Scope scope, String path, FieldErrors errors) {
        List<String> tokens = new ArrayList<>();
        List<Object> reads = new ArrayList<>();
        if (!tokens(inner, tokens, reads)) {
            return malformed(source, path, errors);
        }
        Templates.Scope.Root root = scope.root(tokens.get(0));
        if (root == null) {
            errors.add(path, "unknown placeholder root '." + tokens.get(0) + "' in " + source + "; expected "
                    + String.join(" or ", scope.rootNames().stream().map(r -> "." + r).toList()));
            return null;
        }
        if (tokens.size() < 2) {
            errors.add(path, source + " names no " + root.noun() + "; write {{." + tokens.get(0) + ".name}}");
            return null;
        }
        String name = tokens.get(1);
        if (!root.variables().containsKey(name)) {
            errors.add(path, "unknown " + root.noun() + " '" + name + "' in " + source
                    + (root.variables().isEmpty() ? "" : "; known: " + String.join(", ", root.variables().keySet())));
            return null;
        }
        LiteralType type = root.variables().get(name);
        String at = name;
        for (Object read : reads) {
            if (type == null) {
                break;
            }
            String problem = problem(type, read);
            if (problem != null) {
                errors.add(path, root.noun() + " '" + at + "' is " + problem + " in " + source);
                return null;
            }
            type = step(type, read);
            at = read instanceof Integer n ? at + "[" + n + "]" : at + "." + read;
        }
        return new Ref(source, tokens.get(0), name, List.copyOf(reads));
    }

    private static boolean segmentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static Ref malformed(String source, String path, FieldErrors errors) {
        errors.add(path, "malformed placeholder " + source
                + ": expected {{.inputs.name}}, optionally followed by .field and [index] reads");
        return null;
    }

    /** Why {@code read} cannot apply to a value of {@code type}, or null when it can. */
    private static String problem(LiteralType type, Object read) {
        boolean index = read instanceof Integer;
        String what = index ? "element [" + read + "]" : "field '" + read + "'";
        if (type instanceof SimpleType s) {
            return s.kind() == SimpleType.Kind.STRUCT ? null
                    : article(s.kind().wireName()) + " and has no " + what;
        }
        if (type instanceof CollectionType) {
            return index ? null : "a collection and has no " + what + "; read an element with [n]";
        }
        if (type instanceof MapType) {
            return index ? "a map and has no " + what + "; read a key with .key" : null;
        }
        if (type instanceof BlobType || type instanceof DatasetType) {
            return !index && (read.equals("uri") || read.equals("format")) ? null
                    : "a reference {uri, format} and has no " + what;
        }
        if (type instanceof UnionType u) {
            return u.variants().stream().anyMatch(v -> problem(v, read) == null) ? null
                    : "a union none of whose variants has " + what;
        }
        return "an enum and has no " + what;
    }

    /** The type after a read that {@link #problem} allowed; null when it is no longer known. */
    private static LiteralType step(LiteralType type, Object read) {
        if (type instanceof CollectionType c) {
            return c.element();
        }
        if (type instanceof MapType m) {
            return m.value();
        }
        if (type instanceof BlobType || type instanceof DatasetType) {
            return LiteralType.STRING;
        }
        return null; // struct or union: not checked further
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }
}
