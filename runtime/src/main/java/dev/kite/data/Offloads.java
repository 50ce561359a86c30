package dev.kite.data;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Canonical;

/**
 * The reference that stands for an offloaded value in PostgreSQL and Redis:
 * {@code {"$offloaded": {"uri": "...", "size": 1234, "sha256": "..."}}} in place of the named
 * input or output. Only a top-level value is ever a reference; a value that merely looks like one
 * is offloaded itself (see {@link DataValues}), so that user data is never read as a reference.
 */
public final class Offloads {

    /** The one key of a reference. */
    public static final String KEY = "$offloaded";

    private Offloads() {
    }

    public static boolean isMarker(JsonNode value) {
        return value != null && value.isObject() && value.size() == 1 && value.has(KEY) && value.get(KEY).isObject();
    }

    public static ObjectNode marker(URI uri, long size, String sha256) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject(KEY).put("uri", uri.toString()).put("size", size).put("sha256", sha256);
        return n;
    }

    public static URI uri(JsonNode marker) {
        return URI.create(marker.get(KEY).path("uri").asText());
    }

    public static long size(JsonNode marker) {
        return marker.get(KEY).path("size").asLong();
    }

    /** Whether any named value of {@code values} is a reference. */
    public static boolean any(ObjectNode values) {
        if (values == null) {
            return false;
        }
        for (var e : values.properties()) {
            if (isMarker(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The form two value sets are compared in (an idempotent resubmission): each value above
     * {@code threshold}, offloaded or not yet, by its digest and size, since the same value
     * offloaded twice lands at two URIs.
     */
    public static ObjectNode comparable(ObjectNode values, long threshold) {
        ObjectNode copy = values.deepCopy();
        values.properties().forEach(e -> {
            if (isMarker(e.getValue())) {
                ((ObjectNode) copy.get(e.getKey()).get(KEY)).remove("uri");
            } else {
                byte[] bytes = Canonical.bytes(e.getValue());
                if (bytes.length > threshold) {
                    ObjectNode m = JsonNodeFactory.instance.objectNode();
                    m.putObject(KEY).put("size", bytes.length).put("sha256", Canonical.sha256(e.getValue()));
                    copy.set(e.getKey(), m);
                }
            }
        });
        return copy;
    }
}
