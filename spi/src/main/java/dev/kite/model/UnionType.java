package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code {"union": [T1, T2, ...]}}: at least two variants; a value takes the first variant, in
 * declared order, that accepts it.
 */
public record UnionType(List<LiteralType> variants) implements LiteralType {

    public UnionType {
        variants = List.copyOf(variants);
        if (variants.size() < 2) {
            throw new IllegalArgumentException("a union needs at least two variants");
        }
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        ArrayNode array = node.putArray("union");
        variants.forEach(v -> array.add(v.toJson()));
        return node;
    }
}
