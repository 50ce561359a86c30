package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryValuesTest {

    private static final LiteralType T = LiteralType.BINARY;

    @Test
    void paddingIsOptionalAndAddedInCanonicalForm() {
        assertEquals("\"aGk=\"", accepts(T, "'aGk='"));
        assertEquals("\"aGk=\"", accepts(T, "'aGk'"));
        assertEquals("\"YQ==\"", accepts(T, "'YQ'"));
        assertEquals("\"\"", accepts(T, "''"));
    }

    @Test
    void paddedAndUnpaddedAreOneValue() {
        assertSameValue(T, "'YQ=='", "'YQ'");
        assertDifferentValue(T, "'YQ=='", "'Yg=='");
    }

    @Test
    void invalidBase64IsRejected() {
        rejectsAt(T, "'not base64!'", "v", "not valid standard base64");
        rejectsAt(T, "'-_-_'", "v", "not valid standard base64");
        rejectsAt(T, "'Y'", "v", "not valid standard base64");
        rejectsAt(T, "42", "v", "expected a base64 string, got a number");
    }
}
