package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class StringValuesTest {

    private static final LiteralType T = LiteralType.STRING;
    private static final String COMPOSED = "\"caf\u00e9\"";
    private static final String DECOMPOSED = "\"cafe\u0301\"";

    @Test
    void stringsAreAcceptedAsIs() {
        assertEquals("\"hello\"", accepts(T, "'hello'"));
        assertEquals("\"\"", accepts(T, "''"));
    }

    @Test
    void composedAndDecomposedFormsAreOneValue() {
        assertSameValue(T, COMPOSED, DECOMPOSED);
        JsonNode c = Values.coerce(T, TextNode.valueOf("cafe\u0301"), "v", new FieldErrors());
        assertEquals("caf\u00e9", c.textValue(), "the coerced value itself is NFC");
        assertDifferentValue(T, "'cafe'", COMPOSED);
    }

    @Test
    void nonStringsAreRejectedWithoutConversion() {
        rejectsAt(T, "1", "v", "expected a string, got a number");
        rejectsAt(T, "null", "v", "expected a string, got null");
        rejectsAt(T, "{}", "v", "got an object");
    }
}
