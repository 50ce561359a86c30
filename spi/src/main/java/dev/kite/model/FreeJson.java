package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a free-form JSON tree (a {@code struct} value, a task's {@code config} and
 * {@code container}) may not be, and any declared value's depth: checked by {@link Values} and
 * {@link TaskTemplate} before anything is stored.
 */
public final class FreeJson {

    /**
     * How deep a free-form JSON tree (a {@code struct} value, a task's config) may nest: well
     * inside what the JSON writers allow around it (an execution in a page of a list adds a few
     * levels; past 1000 in all, the answer could not be written).
     */
    public static final int MAX_DEPTH = 512;

    private FreeJson() {
    }

    /**
     * Records an error under {@code path} when a free-form JSON tree nests deeper than
     * {@link #MAX_DEPTH}, or when one of its objects has two keys equal after NFC
     * normalization (canonical JSON normalizes keys: one of the two values would be lost).
     */
    public static void check(JsonNode tree, String path, FieldErrors errors) {
        Found found = scan(tree, true);
        if (found == Found.TOO_DEEP) {
            errors.add(path, "nested deeper than " + MAX_DEPTH + " levels");
        } else if (found == Found.COLLIDING_KEYS) {
            reportCollisions(tree, path, errors); // the rare case: only now are paths built
        }
    }

    /** Whether {@code tree} nests deeper than {@link #MAX_DEPTH}. */
    static boolean tooDeep(JsonNode tree) {
        return scan(tree, false) == Found.TOO_DEEP;
    }

    private enum Found { NOTHING, TOO_DEEP, COLLIDING_KEYS }

    /**
     * One walk of {@code tree} without recursion or paths: too deep (which wins), or, when
     * {@code keys}, an object with colliding keys, or nothing.
     */
    private static Found scan(JsonNode tree, boolean keys) {
        ArrayDeque<JsonNode> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        nodes.push(tree);
        depths.push(1);
        boolean colliding = false;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                return Found.TOO_DEEP;
            }
            if (keys && !colliding && node.isObject()) {
                colliding = !collidingKeys(node).isEmpty();
            }
            for (JsonNode child : node) {
                if (child.isContainerNode()) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return colliding ? Found.COLLIDING_KEYS : Found.NOTHING;
    }

    /** The keys of {@code object} equal after NFC to a key before them; none when every key is in NFC (the usual case). */
    private static List<String> collidingKeys(JsonNode object) {
        Set<String> seen = null;
        List<String> colliding = List.of();
        for (String key : Json.keys(object)) {
            if (seen == null && !Normalizer.isNormalized(key, Normalizer.Form.NFC)) {
                // only a key not in NFC can equal another after normalization: compare from here on
                seen = new HashSet<>();
                for (String k : Json.keys(object)) {
                    if (k.equals(key)) {
                        break;
                    }
                    seen.add(k);
                }
            }
            if (seen != null && !seen.add(Canonical.nfc(key))) {
                colliding = colliding.isEmpty() ? new ArrayList<>() : colliding;
                colliding.add(key);
            }
        }
        return colliding;
    }

    private static void reportCollisions(JsonNode node, String path, FieldErrors errors) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                reportCollisions(node.get(i), FieldErrors.index(path, i), errors);
            }
        } else if (node.isObject()) {
            for (String key : collidingKeys(node)) {
                errors.add(FieldErrors.child(path, key), "equal to another key of the object after Unicode (NFC) normalization");
            }
            node.properties().forEach(e -> reportCollisions(e.getValue(), FieldErrors.child(path, e.getKey()), errors));
        }
    }
}
