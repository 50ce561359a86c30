package dev.kite.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

    @Test
    void childJoinsWithDotsAndHandlesTheRoot() {
        assertEquals("field", FieldErrors.child("", "field"));
        assertEquals("a.field", FieldErrors.child("a", "field"));
        assertEquals("interface.inputs.x.type", FieldErrors.child(FieldErrors.child("interface.inputs", "x"), "type"));
        assertEquals("a._private_2", FieldErrors.child("a", "_private_2"));
        assertEquals("a.Z9", FieldErrors.child("a", "Z9"));
    }

    @Test
    void indexUsesBrackets() {
        assertEquals("inputs.names[2]", FieldErrors.index("inputs.names", 2));
        assertEquals("a[0][1]", FieldErrors.index(FieldErrors.index("a", 0), 1));
    }

    @Test
    void oddKeysAreQuoted() {
        assertEquals("a[\"key with space\"]", FieldErrors.child("a", "key with space"));
        assertEquals("a[\"plugin-specific\"]", FieldErrors.child("a", "plugin-specific"));
        assertEquals("[\"1st\"]", FieldErrors.child("", "1st"));
        assertEquals("a[\"\"]", FieldErrors.child("a", ""));
        assertEquals("a[\"größe\"]", FieldErrors.child("a", "größe"));
        assertEquals("a[\"x.y\"]", FieldErrors.child("a", "x.y"));
        assertEquals("a[\"x[0]\"]", FieldErrors.child("a", "x[0]"));
        assertEquals("a[\"say \\\"hi\\\"\"]", FieldErrors.child("a", "say \"hi\""));
    }

    @Test
    void collectorKeepsOrderAndThrowsAll() {
        FieldErrors errors = new FieldErrors();
        assertTrue(errors.isEmpty());
        assertDoesNotThrow(errors::throwIfAny);
        errors.add("b", "second");
        errors.add("", "root");
        errors.add("a", "third");
        ValidationException e = assertThrows(ValidationException.class, errors::throwIfAny);
        assertEquals(List.of(new FieldError("b", "second"), new FieldError("", "root"), new FieldError("a", "third")), e.errors());
        assertEquals("3 validation errors: b: second; root; a: third", e.getMessage());
    }

    @Test
    void listIsASnapshot() {
        FieldErrors errors = new FieldErrors();
        errors.add("a", "x");
        List<FieldError> snapshot = errors.list();
        errors.add("b", "y");
        assertEquals(1, snapshot.size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(new FieldError("c", "z")));
    }
}
