package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;

/**
 * {@code {"enum": ["a", "b"]}}: one of a non-empty list of distinct strings, kept in declared order
 * (NFC-normalized when parsed).
 */
public record EnumType(List<String> values) implements LiteralType {

    public EnumType {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an enum needs at least one value");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException("enum values must be distinct: " + values);
        }
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        ArrayNode array = node.putArray("enum");
        values.forEach(array::add);
        return node;
    }
}
