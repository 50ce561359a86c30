package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one canonical JSON serialization and the one hash of Kite; cache keys and template digests
 * are computed here and nowhere else.
 *
 * <p>Canonical JSON: no whitespace; object keys NFC-normalized and sorted by Unicode code point
 * (recursively; should two keys become equal under NFC, both are kept, ordered by their original
 * code points); strings NFC-normalized, escaping only the quote, the backslash, control characters
 * (short escapes for backspace, form feed, newline, carriage return and tab, six-character unicode
 * escapes otherwise) and unpaired surrogates; integral numbers as plain digits; floating-point
 * numbers as {@link Double#toString(double)}, so an integral double is written {@code 1.0} and large
 * ones {@code 1.0E20}; binary nodes as standard base64 strings. NaN and infinities are rejected with {@link IllegalArgumentException}.
 */
public final class Canonical {

    private Canonical() {
    }

    /** Canonical JSON text of {@code node}. */
    public static String json(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    /** UTF-8 bytes of {@link #json(JsonNode)}. */
    public static byte[] bytes(JsonNode node) {
        return json(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Lowercase hex SHA-256 of {@link #bytes(JsonNode)}. */
    public static String sha256(JsonNode node) {
        return hex(bytes(node));
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}, taken as is (not normalized). */
    public static String sha256(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("a missing value has no canonical form");
        }
        switch (node.getNodeType()) {
            case NULL:
                sb.append("null");
                break;
            case BOOLEAN:
                sb.append(node.booleanValue());
                break;
            case NUMBER:
                writeNumber(node, sb);
                break;
            case STRING:
                writeString(node.textValue(), sb);
                break;
            case BINARY:
                writeString(Base64.getEncoder().encodeToString(binary(node)), sb);
                break;
            case ARRAY:
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(node.get(i), sb);
                }
                sb.append(']');
                break;
            case OBJECT:
                writeObject(node, sb);
                break;
            default:
                throw new IllegalArgumentException("no canonical form for a " + node.getNodeType() + " node");
        }
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable binary node", e);
        }
    }

    private static void writeNumber(JsonNode node, StringBuilder sb) {
        if (node.isIntegralNumber()) {
            sb.append(node.bigIntegerValue());
            return;
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinite numbers have no JSON form: " + node);
        }
        sb.append(Double.toString(d));
    }

    private record Entry(String key, String original, JsonNode value) {
    }

    private static void writeObject(JsonNode node, StringBuilder sb) {
        List<Entry> entries = new ArrayList<>(node.size());
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            entries.add(new Entry(nfc(e.getKey()), e.getKey(), e.getValue()));
        }
        entries.sort((a, b) -> {
            int c = Json.compareCodePoints(a.key(), b.key());
            return c != 0 ? c : Json.compareCodePoints(a.original(), b.original());
        });
        sb.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            writeString(entries.get(i).key(), sb);
            sb.append(':');
            write(entries.get(i).value(), sb);
        }
        sb.append('}');
    }

    /** {@code s} in Unicode NFC, the form names, keys and strings are compared and stored in. */
    public static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static void writeString(String raw, StringBuilder sb) {
        String s = nfc(raw);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || unpairedSurrogate(s, i)) {
                        // an unpaired surrogate would become '?' in UTF-8; escaping keeps it distinct
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
