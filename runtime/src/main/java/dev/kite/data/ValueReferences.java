package dev.kite.data;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.BlobType;
import dev.kite.model.CollectionType;
import dev.kite.model.DatasetType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.MapType;
import dev.kite.model.UnionType;
import dev.kite.model.Variable;

/**
 * The blob and dataset references inside canonical values, found through their declared types
 * (in collections, maps and unions too), or, where no type is at hand (a cache entry), by shape.
 */
public final class ValueReferences {

    /**
     * A reference to data in a store.
     *
     * @param path   where the value is, e.g. {@code inputs.tables[1]}
     * @param name   the top-level input or output it is part of
     * @param folder whether the URI may name a folder (a multipart blob or a dataset) rather than one object
     */
    public record Ref(String path, String name, URI uri, boolean folder) {
    }

    private ValueReferences() {
    }

    /** The references in {@code values} (canonical, by name) of the declared {@code variables}. */
    public static List<Ref> typed(Map<String, Variable> variables, ObjectNode values, String root) {
        List<Ref> found = new ArrayList<>();
        variables.forEach((name, v) -> {
            JsonNode value = values == null ? null : values.get(name);
            if (value != null && !Offloads.isMarker(value)) {
                walk(v.type(), value, FieldErrors.child(root, name), name, found);
            }
        });
        return found;
    }

    private static void walk(LiteralType type, JsonNode value, String path, String name, List<Ref> found) {
        if (value == null || value.isNull()) {
            return;
        }
        if (type instanceof BlobType blob) {
            add(value, path, name, BlobType.MULTIPART.equals(blob.dimensionality()), found);
        } else if (type instanceof DatasetType) {
            add(value, path, name, true, found);
        } else if (type instanceof CollectionType c && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(c.element(), value.get(i), FieldErrors.index(path, i), name, found);
            }
        } else if (type instanceof MapType m && value.isObject()) {
            value.properties().forEach(e -> walk(m.value(), e.getValue(), FieldErrors.child(path, e.getKey()), name, found));
        } else if (type instanceof UnionType u && looksLikeReference(value)) {
            u.variants().stream().filter(t -> t instanceof BlobType || t instanceof DatasetType).findFirst()
                    .ifPresent(t -> walk(t, value, path, name, found));
        }
    }

    private static void add(JsonNode value, String path, String name, boolean folder, List<Ref> found) {
        JsonNode uri = value.get("uri");
        if (uri == null || !uri.isTextual()) {
            return;
        }
        try {
            found.add(new Ref(path, name, URI.create(uri.textValue()), folder));
        } catch (IllegalArgumentException e) {
            found.add(new Ref(path, name, null, folder));
        }
    }

    /**
     * The references in {@code values} found by shape: objects with a string {@code uri} and a
     * {@code format}, and no keys but those of a blob or dataset value. Used where the declared
     * types are not at hand; a struct that happens to look like one is checked too.
     */
    public static List<Ref> byShape(ObjectNode values) {
        List<Ref> found = new ArrayList<>();
        values.properties().forEach(e -> shape(e.getValue(), e.getKey(), e.getKey(), found));
        return found;
    }

    private static void shape(JsonNode value, String path, String name, List<Ref> found) {
        if (looksLikeReference(value)) {
            add(value, path, name, value.has("columns") || value.has("rows") || value.get("uri").textValue().endsWith("/"), found);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                shape(value.get(i), FieldErrors.index(path, i), name, found);
            }
        } else if (value.isObject() && !Offloads.isMarker(value)) {
            value.properties().forEach(e -> shape(e.getValue(), FieldErrors.child(path, e.getKey()), name, found));
        }
    }

    private static boolean looksLikeReference(JsonNode value) {
        if (!value.isObject() || !value.path("uri").isTextual() || !value.has("format")) {
            return false;
        }
        for (String key : (Iterable<String>) value::fieldNames) {
            if (!List.of("uri", "format", "columns", "rows").contains(key)) {
                return false;
            }
        }
        return true;
    }
}
