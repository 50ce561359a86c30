package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one template engine of Kite. A template is text with placeholders that name values:
 * {@code {{.inputs.name}}}, also written {@code {{ .inputs.name }}}; after the name, fields of
 * structs, maps, blobs and datasets ({@code {{.inputs.rec.field}}}) and elements of collections
 * ({@code {{.inputs.items[0]}}}, {@code {{.inputs.items[0].id}}}). {@code {{"text"}}} writes
 * {@code text} literally, which is how a template says {@code {{}: {@code {{"{{"}}}.
 *
 * <p><b>Where values come from.</b> A {@link Scope} declares the roots a template may name
 * ({@code inputs} for a task's inputs; a plugin may add its own, such as {@code job}) and their
 * variables with their types. Parsing checks every placeholder against the scope, so an unknown
 * name or a field read from a scalar is a validation error with the caller's path, found when the
 * task is registered: {@code config.url: unknown input 'x' in {{.inputs.x}}}. Rendering takes the
 * values (canonical inputs, see {@link Values}) by root.
 *
 * <p><b>Typed rendering.</b> A placeholder's value is a JSON value, and the caller chooses, with
 * an {@link Encoder}, how it is written where it lands:
 * <ul>
 *   <li>{@link #TEXT}: a string as itself; numbers, booleans, objects and arrays as their
 *       {@linkplain Canonical canonical JSON}; null as the empty string;</li>
 *   <li>{@link #JSON}: the canonical JSON of the value, so a string becomes a quoted, escaped
 *       JSON string and a list a JSON array — for templates whose text is a JSON document;</li>
 *   <li>{@link #PATH_SEGMENT}: the text, UTF-8 percent-encoded except the RFC 3986 unreserved
 *       characters ({@code A-Z a-z 0-9 - . _ ~}); a value of {@code .} or {@code ..} is written
 *       {@code %2E} / {@code %2E%2E} so that it stays a segment;</li>
 *   <li>{@link #QUERY_VALUE}: the text, percent-encoded the same way (so {@code &}, {@code =},
 *       {@code +}, {@code #} and spaces cannot end the value);</li>
 *   <li>anything else: an {@link Encoder} is a function, and one may refuse a value by throwing
 *       {@link RenderException} (an HTTP header value with a line break, say).</li>
 * </ul>
 * {@link Template#renderUrl} picks the encoder by position in a URL: path segment before the
 * {@code ?}, query value after it. {@link #parseJson} templates a JSON document: its string leaves
 * are templates; a leaf that is exactly one placeholder takes the typed value (a number stays a
 * number, a list a list), any other leaf becomes a string. Literal text is never encoded: it is
 * the template author's.
 *
 * <p><b>One pass.</b> Values are written once and never read again as templates, so a value
 * containing {@code {{.inputs.x}}} is written as those characters.
 */
public final class Templates {

    private Templates() {
    }

    /** Writes a placeholder's value where it lands. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * The text for {@code value}, a canonical JSON value ({@code null} is JSON null). Throw
         * {@link RenderException} to refuse a value.
         */
        String encode(JsonNode value);
    }

    /** The value as text: strings as themselves, null as nothing, the rest as canonical JSON. */
    public static final Encoder TEXT = Templates::text;

    /** The value as canonical JSON. */
    public static final Encoder JSON = Canonical::json;

    /** The text of the value as one URL path segment. */
    public static final Encoder PATH_SEGMENT = v -> {
        String t = text(v);
        if (t.equals(".") || t.equals("..")) {
            return t.replace(".", "%2E"); // a bare dot segment would be removed by URL normalization
        }
        return percent(t);
    };

    /** The text of the value as a URL query value (or key, or fragment). */
    public static final Encoder QUERY_VALUE = v -> percent(text(v));

    /** A value could not be rendered (missing, or refused by an encoder). */
    public static final class RenderException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RenderException(String message) {
            super(message);
        }
    }

    /** The text form of a value, as {@link #TEXT} writes it. */
    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBinary()) {
            try {
                return Base64.getEncoder().encodeToString(value.binaryValue());
            } catch (java.io.IOException e) {
                throw new RenderException("unreadable binary value");
            }
        }
        return Canonical.json(value);
    }

    /** UTF-8 percent-encoding of everything but the RFC 3986 unreserved characters. */
    public static String percent(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    // ---- scope ----------------------------------------------------------------------------------

    /**
     * What placeholders may name: roots (such as {@code inputs}) and their variables. A variable's
     * type lets parsing check field and index reads; a null type accepts any read.
     */
    public static final class Scope {

        private record Root(String noun, Map<String, LiteralType> variables) {
        }

        private final Map<String, Root> roots;

        private Scope(Map<String, Root> roots) {
            this.roots = roots;
        }

        /** A scope without roots, for templates that name only what {@link #with} adds. */
        public static Scope empty() {
            return new Scope(Map.of());
        }

        /** The root {@code inputs}, with the inputs of {@code iface}. */
        public static Scope inputs(TypedInterface iface) {
            Map<String, LiteralType> vars = new TreeMap<>();
            iface.inputs().forEach((name, v) -> vars.put(name, v.type()));
            return new Scope(Map.of()).with("inputs", "input", vars);
        }

        /**
         * This scope and one more root.
         *
         * @param root      the root's name, as in {@code {{.root.name}}}
         * @param noun      what its variables are called in messages ("input", "job field")
         * @param variables name → type (a null type accepts any field or index read)
         */
        public Scope with(String root, String noun, Map<String, LiteralType> variables) {
            Map<String, Root> copy = new TreeMap<>(roots);
            copy.put(root, new Root(noun, Collections.unmodifiableMap(new LinkedHashMap<>(variables))));
            return new Scope(Collections.unmodifiableMap(copy));
        }
    }

    // ---- parsing --------------------------------------------------------------------------------

    private sealed interface Part permits Literal, Ref {
    }

    private record Literal(String text) implements Part {
    }

    /** A placeholder: root, variable and the reads after it (String = field, Integer = index). */
    private record Ref(String source, String root, String name, List<Object> reads) implements Part {
    }

    /**
     * Parses a text template; null after recording errors under {@code path}.
     *
     * @param text  the template text
     * @param scope what placeholders may name
     * @param path  the field path of the text, for errors (e.g. {@code config.url})
     */
    public static Template parse(String text, Scope scope, String path, FieldErrors errors) {
        Objects.requireNonNull(text, "text");
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
        return errors.size() == before ? new Template(text, List.copyOf(parts)) : null;
    }

    /**
     * Parses a URL template: like {@link #parse}, and the URL must start with {@code http://} or
     * {@code https://} and name its host literally — placeholders may appear in the path, the
     * query and the fragment only, so that a value can never choose the host.
     */
    public static Template parseUrl(String text, Scope scope, String path, FieldErrors errors) {
        Template t = parse(text, scope, path, errors);
        if (t == null) {
            return null;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        int authority = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (authority < 0) {
            errors.add(path, "must be an absolute URL starting with http:// or https://");
            return null;
        }
        int hostEnd = authority;
        while (hostEnd < text.length() && "/?#@".indexOf(text.charAt(hostEnd)) < 0 && !text.startsWith("{{", hostEnd)) {
            hostEnd++;
        }
        if (hostEnd == authority && !text.startsWith("{{", authority)) {
            errors.add(path, "must name a host after the scheme, e.g. https://api.example.com/path");
            return null;
        }
        if (hostEnd < text.length() && text.charAt(hostEnd) == '@') {
            errors.add(path, "must not carry user information (user@host): send credentials in a header from a secret");
            return null;
        }
        int firstPlaceholder = text.indexOf("{{");
        if (firstPlaceholder >= 0) {
            int end = authority;
            while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0 && end < firstPlaceholder) {
                end++;
            }
            if (end >= firstPlaceholder || end == authority) {
                errors.add(path, "placeholders may appear only in the path, query and fragment; the scheme and host"
                        + " must be written literally");
                return null;
            }
        }
        return t;
    }

    /**
     * Parses a JSON template: every string leaf of {@code tree} (object keys are literal) is a
     * template; null after recording errors, at the leaves' paths under {@code path}.
     */
    public static JsonTemplate parseJson(JsonNode tree, Scope scope, String path, FieldErrors errors) {
        int before = errors.size();
        Node root = node(tree == null ? NullNode.getInstance() : tree, scope, path, errors);
        return errors.size() == before ? new JsonTemplate(root) : null;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static Ref reference(String inner, String source, Scope scope, String path, FieldErrors errors) {
        List<String> tokens = new ArrayList<>();
        List<Object> reads = new ArrayList<>();
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < inner.length() && segmentChar(inner.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return malformed(source, path, errors);
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
                    return malformed(source, path, errors);
                }
                reads.add(Integer.parseInt(digits));
                i = end + 1;
            } else {
                return malformed(source, path, errors);
            }
        }
        if (tokens.isEmpty()) {
            return malformed(source, path, errors);
        }
        Scope.Root root = scope.roots.get(tokens.get(0));
        if (root == null) {
            errors.add(path, "unknown placeholder root '." + tokens.get(0) + "' in " + source + "; expected "
                    + String.join(" or ", scope.roots.keySet().stream().map(r -> "." + r).toList()));
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

    // ---- templates ------------------------------------------------------------------------------

    /** A parsed text template. Immutable and safe to share. */
    public static final class Template {

        private final String source;
        private final List<Part> parts;

        private Template(String source, List<Part> parts) {
            this.source = source;
            this.parts = parts;
        }

        /** The template text as written. */
        public String source() {
            return source;
        }

        /** Whether the template names any value. */
        public boolean hasPlaceholders() {
            return parts.stream().anyMatch(p -> p instanceof Ref);
        }

        /** Whether the template is exactly one placeholder and nothing else. */
        public boolean isSinglePlaceholder() {
            return parts.size() == 1 && parts.get(0) instanceof Ref;
        }

        /** Renders with one encoder for every placeholder. */
        public String render(Map<String, ? extends JsonNode> data, Encoder encoder) {
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Literal l) {
                    sb.append(l.text());
                } else {
                    sb.append(encoder.encode(resolve((Ref) p, data)));
                }
            }
            return sb.toString();
        }

        /**
         * Renders a URL: a placeholder before the first literal {@code ?} is written as a
         * {@linkplain #PATH_SEGMENT path segment}, one after it (or after a {@code #}) as a
         * {@linkplain #QUERY_VALUE query value}.
         */
        public String renderUrl(Map<String, ? extends JsonNode> data) {
            StringBuilder sb = new StringBuilder();
            boolean query = false;
            for (Part p : parts) {
                if (p instanceof Literal l) {
                    sb.append(l.text());
                    query |= l.text().indexOf('?') >= 0 || l.text().indexOf('#') >= 0;
                } else {
                    sb.append((query ? QUERY_VALUE : PATH_SEGMENT).encode(resolve((Ref) p, data)));
                }
            }
            return sb.toString();
        }

        /** The typed value of a {@linkplain #isSinglePlaceholder() single placeholder} (a copy). */
        public JsonNode value(Map<String, ? extends JsonNode> data) {
            if (!isSinglePlaceholder()) {
                throw new IllegalStateException("not a single placeholder: " + source);
            }
            return resolve((Ref) parts.get(0), data).deepCopy();
        }

        @Override
        public String toString() {
            return source;
        }
    }

    private static JsonNode resolve(Ref ref, Map<String, ? extends JsonNode> data) {
        JsonNode cur = data.get(ref.root());
        cur = cur == null ? null : cur.get(ref.name());
        for (Object read : ref.reads()) {
            if (cur == null) {
                break;
            }
            cur = read instanceof Integer n ? (cur.isArray() ? cur.get(n) : null) : (cur.isObject() ? cur.get((String) read) : null);
        }
        if (cur == null || cur.isMissingNode()) {
            throw new RenderException("no value for " + ref.source());
        }
        return cur;
    }

    // ---- JSON templates -------------------------------------------------------------------------

    private sealed interface Node permits Fixed, Text, Obj, Arr {
        JsonNode render(Map<String, ? extends JsonNode> data);
    }

    private record Fixed(JsonNode value) implements Node {
        public JsonNode render(Map<String, ? extends JsonNode> data) {
            return value.deepCopy();
        }
    }

    private record Text(Template template) implements Node {
        public JsonNode render(Map<String, ? extends JsonNode> data) {
            return template.isSinglePlaceholder() ? template.value(data) : TextNode.valueOf(template.render(data, TEXT));
        }
    }

    private record Obj(Map<String, Node> fields) implements Node {
        public JsonNode render(Map<String, ? extends JsonNode> data) {
            ObjectNode o = Json.object();
            fields.forEach((k, v) -> o.set(k, v.render(data)));
            return o;
        }
    }

    private record Arr(List<Node> items) implements Node {
        public JsonNode render(Map<String, ? extends JsonNode> data) {
            ArrayNode a = Json.NODES.arrayNode();
            items.forEach(v -> a.add(v.render(data)));
            return a;
        }
    }

    private static Node node(JsonNode json, Scope scope, String path, FieldErrors errors) {
        if (json.isTextual()) {
            Template t = parse(json.textValue(), scope, path, errors);
            return t == null || !t.hasPlaceholders() ? new Fixed(TextNode.valueOf(t == null ? json.textValue() : t.render(Map.of(), TEXT)))
                    : new Text(t);
        }
        if (json.isObject()) {
            Map<String, Node> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : json.properties()) {
                fields.put(e.getKey(), node(e.getValue(), scope, FieldErrors.child(path, e.getKey()), errors));
            }
            return new Obj(fields);
        }
        if (json.isArray()) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                items.add(node(json.get(i), scope, FieldErrors.index(path, i), errors));
            }
            return new Arr(items);
        }
        return new Fixed(json.deepCopy());
    }

    /** A parsed JSON template. Immutable and safe to share. */
    public static final class JsonTemplate {

        private final Node root;

        private JsonTemplate(Node root) {
            this.root = root;
        }

        /** A new JSON value with every string leaf rendered. */
        public JsonNode render(Map<String, ? extends JsonNode> data) {
            return root.render(data);
        }
    }
}
