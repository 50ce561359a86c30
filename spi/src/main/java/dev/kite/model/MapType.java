package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** {@code {"map": T}}: a JSON object with string keys and values of type {@code value}. */
public record MapType(LiteralType value) implements LiteralType {

    public MapType {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.set("map", value.toJson());
        return node;
    }
}
