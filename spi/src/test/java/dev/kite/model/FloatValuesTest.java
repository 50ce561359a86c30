package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.json;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FloatValuesTest {

    private static final LiteralType T = LiteralType.FLOAT;

    @Test
    void anyNumberBecomesADouble() {
        assertEquals("1.0", accepts(T, "1"));
        assertEquals("2.5", accepts(T, "2.5"));
        assertEquals("-0.001", accepts(T, "-1e-3"));
        assertEquals("1.0E20", accepts(T, "100000000000000000000"));
        JsonNode c = Values.coerce(T, json("1"), "v", new FieldErrors());
        assertTrue(c.isDouble(), "canonical float is a JSON double");
    }

    @Test
    void oneAndOnePointZeroAreTheSameFloat() {
        assertSameValue(T, "1", "1.0");
        assertSameValue(T, "0.5", "5e-1");
        assertSameValue(T, "-0.0", "0");
        assertDifferentValue(T, "1.0", "1.5");
    }

    @Test
    void floatAndIntegerCanonicalFormsDiffer() {
        assertEquals("1", accepts(LiteralType.INTEGER, "1"));
        assertEquals("1.0", accepts(T, "1"));
    }

    @Test
    void nonNumbersAndOutOfRangeAreRejected() {
        rejectsAt(T, "'1.5'", "v", "strings are not converted");
        rejectsAt(T, "false", "v", "expected a number, got a boolean");
        FieldErrors errors = new FieldErrors();
        Values.coerce(T, DecimalNode.valueOf(new BigDecimal("1e400")), "v", errors);
        assertEquals("v", errors.list().get(0).path());
        assertTrue(errors.list().get(0).message().contains("out of the 64-bit floating-point range"));
    }
}
