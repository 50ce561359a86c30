package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BooleanValuesTest {

    private static final LiteralType T = LiteralType.BOOLEAN;

    @Test
    void onlyTrueAndFalse() {
        assertEquals("true", accepts(T, "true"));
        assertEquals("false", accepts(T, "false"));
        assertDifferentValue(T, "true", "false");
    }

    @Test
    void lookalikesAreRejected() {
        rejectsAt(T, "'true'", "v", "expected a boolean (true or false), got a string");
        rejectsAt(T, "1", "v", "got a number");
        rejectsAt(T, "0", "v", "got a number");
        rejectsAt(T, "null", "v", "got null");
    }
}
