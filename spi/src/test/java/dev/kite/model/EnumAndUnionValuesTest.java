package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static dev.kite.model.ValueAssertions.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EnumAndUnionValuesTest {

    private static final LiteralType COLOR = type("{'enum': ['red', 'green', 'caf\u00e9']}");

    @Test
    void enumAcceptsDeclaredStringsOnly() {
        assertEquals("\"red\"", accepts(COLOR, "'red'"));
        rejectsAt(COLOR, "'blue'", "v", "\"blue\" is not one of [red, green, caf\u00e9]");
        rejectsAt(COLOR, "'RED'", "v", "is not one of");
        rejectsAt(COLOR, "1", "v", "expected one of the strings [red, green, caf\u00e9], got a number");
    }

    @Test
    void enumComparesUnderNfc() {
        assertSameValue(COLOR, "\"cafe\u0301\"", "\"caf\u00e9\"");
        assertDifferentValue(COLOR, "'red'", "'green'");
    }

    @Test
    void unionTakesTheFirstAcceptingVariantInDeclaredOrder() {
        LiteralType intFirst = type("{'union': ['integer', 'float']}");
        LiteralType floatFirst = type("{'union': ['float', 'integer']}");
        assertEquals("3", accepts(intFirst, "3.0"));
        assertEquals("3.0", accepts(floatFirst, "3"));
        assertEquals("3.5", accepts(intFirst, "3.5"));
    }

    @Test
    void optionalValuesAreUnionsWithNone() {
        LiteralType optional = type("{'union': ['none', 'string']}");
        assertEquals("null", accepts(optional, "null"));
        assertEquals("\"x\"", accepts(optional, "'x'"));
        assertDifferentValue(optional, "null", "'null'");
    }

    @Test
    void noMatchingVariantIsOneErrorListingTheVariants() {
        LiteralType t = type("{'union': ['integer', {'collection': 'string'}]}");
        rejectsAt(t, "'x'", "v", "matches none of the union variants: \"integer\", {\"collection\":\"string\"}");
        rejectsAt(t, "[1]", "v", "matches none of the union variants");
    }

    @Test
    void unionValuesHashByCanonicalForm() {
        LiteralType t = type("{'union': ['datetime', 'string']}");
        assertSameValue(t, "'2024-01-02T03:04:05+02:00'", "'2024-01-02T01:04:05Z'");
        assertEquals("\"not a date\"", accepts(t, "'not a date'"));
    }
}
