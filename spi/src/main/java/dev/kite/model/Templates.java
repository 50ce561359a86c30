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

        record Root(String noun, Map<String, LiteralType> variables) {
        }

        private final Map<String, Root> roots;

        private Scope(Map<String, Root> roots) {
            this.roots = roots;
        }

        Root root(String name) {
            return roots.get(name);
        }

        java.util.Set<String> rootNames() {
            return roots.keySet();
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

    /**
     * Parses a text template; null after recording errors under {@code path}.
     *
     * @param text  the template text
     * @param scope what placeholders may name
     * @param path  the field path of the text, for errors (e.g. {@code config.url})
     */
    public static Template parse(String text, Scope scope, String path, FieldErrors errors) {
        Objects.requireNonNull(text, "text");
        List<Placeholders.Part> parts = Placeholders.split(text, scope, path, errors);
        return parts == null ? null : new Template(text, parts);
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
        return TemplateUrls.check(text, path, errors) ? t : null;
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

    // ---- templates ------------------------------------------------------------------------------

    /** A parsed text template. Immutable and safe to share. */
    public static final class Template {

        private final String source;
        private final List<Placeholders.Part> parts;

        private Template(String source, List<Placeholders.Part> parts) {
            this.source = source;
            this.parts = parts;
        }

        /** The template text as written. */
        public String source() {
            return source;
        }

        /** Whether the template names any value. */
        public boolean hasPlaceholders() {
            return parts.stream().anyMatch(p -> p instanceof Placeholders.Ref);
        }

        /** Whether the template is exactly one placeholder and nothing else. */
        public boolean isSinglePlaceholder() {
            return parts.size() == 1 && parts.get(0) instanceof Placeholders.Ref;
        }

        /** Renders with one encoder for every placeholder. */
        public String render(Map<String, ? extends JsonNode> data, Encoder encoder) {
            StringBuilder sb = new StringBuilder();
            for (Placeholders.Part p : parts) {
                if (p instanceof Placeholders.Literal l) {
                    sb.append(l.text());
                } else {
                    sb.append(encoder.encode(Placeholders.resolve((Placeholders.Ref) p, data)));
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
            for (Placeholders.Part p : parts) {
                if (p instanceof Placeholders.Literal l) {
                    sb.append(l.text());
                    query |= l.text().indexOf('?') >= 0 || l.text().indexOf('#') >= 0;
                } else {
                    sb.append((query ? QUERY_VALUE : PATH_SEGMENT).encode(Placeholders.resolve((Placeholders.Ref) p, data)));
                }
            }
            return sb.toString();
        }

        /** The typed value of a {@linkplain #isSinglePlaceholder() single placeholder} (a copy). */
        public JsonNode value(Map<String, ? extends JsonNode> data) {
            if (!isSinglePlaceholder()) {
                throw new IllegalStateException("not a single placeholder: " + source);
            }
            return Placeholders.resolve((Placeholders.Ref) parts.get(0), data).deepCopy();
        }

        @Override
        public String toString() {
            return source;
        }
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
