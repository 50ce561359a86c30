package dev.kite.data;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
     * The form two value sets are compared in (an idempotent resubmission): each reference by its
     * digest and size, since the same value offloaded twice lands at two URIs.
     */
    public static ObjectNode comparable(ObjectNode values) {
        ObjectNode copy = values.deepCopy();
        copy.properties().forEach(e -> {
            if (isMarker(e.getValue())) {
                ((ObjectNode) e.getValue().get(KEY)).remove("uri");
            }
        });
        return copy;
    }
}
