package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.json;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class IntegerValuesTest {

    private static final LiteralType T = LiteralType.INTEGER;

    @Test
    void integralNumbersAreAcceptedAsLongs() {
        assertEquals("42", accepts(T, "42"));
        assertEquals("-7", accepts(T, "-7"));
        assertEquals("0", accepts(T, "-0"));
        JsonNode c = Values.coerce(T, json("5"), "v", new FieldErrors());
        assertTrue(c.isLong(), "canonical integer is a JSON long, got " + c.getNodeType());
    }

    @Test
    void integralFloatsBecomeIntegers() {
        assertEquals("3", accepts(T, "3.0"));
        assertEquals("1000", accepts(T, "1e3"));
        assertEquals("0", accepts(T, "0.0"));
    }

    @Test
    void signed64BitBoundsAreInclusive() {
        assertEquals("9223372036854775807", accepts(T, "9223372036854775807"));
        assertEquals("-9223372036854775808", accepts(T, "-9223372036854775808"));
        rejectsAt(T, "9223372036854775808", "v", "out of the signed 64-bit range");
        rejectsAt(T, "-9223372036854775809", "v", "out of the signed 64-bit range");
        rejectsAt(T, "1e30", "v", "out of the signed 64-bit range");
    }

    @Test
    void fractionsStringsAndOtherKindsAreRejected() {
        rejectsAt(T, "3.5", "v", "expected an integer, got 3.5");
        rejectsAt(T, "'3'", "v", "strings are not converted");
        rejectsAt(T, "true", "v", "got a boolean");
        rejectsAt(T, "null", "v", "got null");
        rejectsAt(T, "[1]", "v", "got an array");
    }

    @Test
    void equalIntegersHashEqual() {
        assertSameValue(T, "3", "3.0");
        assertSameValue(T, "100", "1e2");
        assertDifferentValue(T, "3", "4");
    }
}
