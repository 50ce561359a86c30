package dev.kite.model;

/**
 * Whether every value of one declared type is accepted where another is declared: the type-level
 * reading of {@link Values#coerce}, which the compiler of a {@link Graph} applies to a binding
 * from a node output or a parent input (a literal is coerced by {@link Values#coerce} itself).
 * An integer is a float; an enum's values are strings, and fit an enum holding them all; a map
 * fits a struct; collections and maps by their element type; a blob or a data set fits one whose
 * format is empty (any) or the same (and, for a data set, whose declared columns are its own);
 * a union fits when each of its variants fits, and a type fits a union when it fits a variant.
 */
public final class TypeRules {

    private TypeRules() {
    }

    public static boolean assignable(LiteralType from, LiteralType to) {
        if (from.equals(to)) {
            return true;
        }
        if (from instanceof UnionType u) {
            return u.variants().stream().allMatch(v -> assignable(v, to));
        }
        if (to instanceof UnionType u) {
            return u.variants().stream().anyMatch(v -> assignable(from, v));
        }
        if (to instanceof SimpleType t) {
            return simple(from, t.kind());
        }
        if (to instanceof CollectionType t) {
            return from instanceof CollectionType f && assignable(f.element(), t.element());
        }
        if (to instanceof MapType t) {
            return from instanceof MapType f && assignable(f.value(), t.value());
        }
        if (to instanceof EnumType t) {
            return from instanceof EnumType f && t.values().containsAll(f.values());
        }
        if (to instanceof BlobType t) {
            return from instanceof BlobType f && (t.format().isEmpty() || t.format().equals(f.format()))
                && t.dimensionality().equals(f.dimensionality());
        }
        if (to instanceof DatasetType t) {
            return from instanceof DatasetType f && (t.format().isEmpty() || t.format().equals(f.format()))
                && (t.columns().isEmpty() || t.columns().equals(f.columns()));
        }
        return false;
    }

    private static boolean simple(LiteralType from, SimpleType.Kind to) {
        return switch (to) {
            case FLOAT -> from.equals(LiteralType.INTEGER);
            case STRING -> from instanceof EnumType;
            case STRUCT -> from instanceof MapType;
            default -> false;
        };
    }

    /** The type expression as users write it, for messages: {@code integer}, {@code {"collection":"string"}}. */
    public static String describe(LiteralType type) {
        com.fasterxml.jackson.databind.JsonNode n = type.toJson();
        return n.isTextual() ? n.textValue() : n.toString();
    }
}
