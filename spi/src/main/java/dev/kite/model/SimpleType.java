package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.Objects;

/** A scalar type, written as its lowercase name ({@code "integer"}, ...); see {@link Values} for the values each accepts. */
public record SimpleType(Kind kind) implements LiteralType {

    /** The scalar kinds; {@link #wireName()} is the name used in type expressions. */
    public enum Kind {
        INTEGER, FLOAT, STRING, BOOLEAN, DATETIME, DURATION, BINARY, STRUCT, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SimpleType {
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public JsonNode toJson() {
        return TextNode.valueOf(kind.wireName());
    }
}
