package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.rejects;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static dev.kite.model.ValueAssertions.type;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionAndMapValuesTest {

    private static final LiteralType INTS = type("{'collection': 'integer'}");
    private static final LiteralType FLOAT_MAP = type("{'map': 'float'}");

    @Test
    void collectionElementsAreCoerced() {
        assertEquals("[1,2,3]", accepts(INTS, "[1, 2.0, 3]"));
        assertEquals("[]", accepts(INTS, "[]"));
        assertEquals("[[\"a\"],[]]", accepts(type("{'collection': {'collection': 'string'}}"), "[['a'], []]"));
    }

    @Test
    void everyBadElementIsReportedWithItsIndex() {
        List<FieldError> errors = rejects(INTS, "[1, 'two', 3, 4.5]");
        assertEquals(List.of("v[1]", "v[3]"), errors.stream().map(FieldError::path).toList());
        rejectsAt(type("{'collection': {'collection': 'integer'}}"), "[[1], [2, 'x']]", "v[1][1]", "expected an integer");
        rejectsAt(INTS, "{'0': 1}", "v", "expected an array, got an object");
    }

    @Test
    void collectionOrderMatters() {
        assertSameValue(INTS, "[1, 2]", "[1.0, 2]");
        assertDifferentValue(INTS, "[1, 2]", "[2, 1]");
    }

    @Test
    void mapValuesAreCoercedAndKeysSorted() {
        assertEquals("{\"a\":2.0,\"b\":1.0}", accepts(FLOAT_MAP, "{'b': 1, 'a': 2}"));
        assertEquals("{}", accepts(FLOAT_MAP, "{}"));
        assertSameValue(FLOAT_MAP, "{'b': 1, 'a': 2}", "{'a': 2.0, 'b': 1.0}");
        assertDifferentValue(FLOAT_MAP, "{'a': 1}", "{'A': 1}");
    }

    @Test
    void mapErrorsNameTheKey() {
        List<FieldError> errors = rejects(FLOAT_MAP, "{'ok': 1, 'bad': 'x', 'key with space': true}");
        assertEquals(List.of("v.bad", "v[\"key with space\"]"), errors.stream().map(FieldError::path).toList());
        rejectsAt(FLOAT_MAP, "[1]", "v", "expected an object, got an array");
    }

    @Test
    void mapKeysAreNfcNormalized() {
        LiteralType t = type("{'map': 'integer'}");
        assertSameValue(t, "{\"caf\u00e9\": 1}", "{\"cafe\u0301\": 1}");
        rejectsAt(t, "{\"caf\u00e9\": 1, \"cafe\u0301\": 2}", "v[\"cafe\u0301\"]", "duplicate key after Unicode NFC normalization");
    }
}
