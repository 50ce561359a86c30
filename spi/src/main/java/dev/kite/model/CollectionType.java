package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** {@code {"collection": T}}: a JSON array whose elements are all of type {@code element}. */
public record CollectionType(LiteralType element) implements LiteralType {

    public CollectionType {
        Objects.requireNonNull(element, "element");
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.set("collection", element.toJson());
        return node;
    }
}
