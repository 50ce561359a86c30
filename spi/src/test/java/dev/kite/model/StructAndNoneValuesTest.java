package dev.kite.model;

import static dev.kite.model.ValueAssertions.accepts;
import static dev.kite.model.ValueAssertions.assertDifferentValue;
import static dev.kite.model.ValueAssertions.assertSameValue;
import static dev.kite.model.ValueAssertions.json;
import static dev.kite.model.ValueAssertions.rejectsAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StructAndNoneValuesTest {

    @Test
    void anyObjectIsAStructAndKeyOrderDoesNotMatter() {
        assertEquals("{\"a\":[1,2.5,null],\"b\":{\"c\":true}}", accepts(LiteralType.STRUCT, "{'b': {'c': true}, 'a': [1, 2.5, null]}"));
        assertSameValue(LiteralType.STRUCT, "{'x': 1, 'y': {'q': 1, 'p': 2}}", "{'y': {'p': 2, 'q': 1}, 'x': 1}");
        assertDifferentValue(LiteralType.STRUCT, "{'x': 1}", "{'x': 1.0}");
        assertEquals("{}", accepts(LiteralType.STRUCT, "{}"));
    }

    @Test
    void structValueIsACopy() {
        JsonNode given = json("{'a': 1}");
        JsonNode c = Values.coerce(LiteralType.STRUCT, given, "v", new FieldErrors());
        assertNotSame(given, c);
        assertEquals(given, c);
    }

    @Test
    void nonObjectsAreNotStructs() {
        rejectsAt(LiteralType.STRUCT, "[]", "v", "expected an object, got an array");
        rejectsAt(LiteralType.STRUCT, "'{}'", "v", "got a string");
        rejectsAt(LiteralType.STRUCT, "null", "v", "got null");
    }

    @Test
    void aStructNestedDeeperThanTheLimitIsRefusedAtItsPath() {
        int limit = FreeJson.MAX_DEPTH;
        assertEquals(limit, accepts(LiteralType.STRUCT, "{'a': ".repeat(limit) + "1" + "}".repeat(limit)).chars()
                .filter(c -> c == '{').count(), "at the limit: accepted");
        rejectsAt(LiteralType.STRUCT, "{'a': ".repeat(limit + 1) + "1" + "}".repeat(limit + 1), "v", "nested deeper than 512");
        rejectsAt(LiteralType.STRUCT, "{'a': " + "[".repeat(limit) + "]".repeat(limit) + "}", "v", "nested deeper than 512");
    }

    @Test
    void twoKeysEqualAfterNfcAreRefusedWhereTheSecondIs() {
        // stored canonical, the keys would be one and a value lost
        rejectsAt(LiteralType.STRUCT, "{'x': [{'k\u00e9': 1, 'ke\u0301': 2}]}", "v.x[0][\"ke\u0301\"]", "NFC");
        rejectsAt(LiteralType.STRUCT, "{'e\u0301': 1, '\u00e9': 2}", "v[\"\u00e9\"]", "NFC");
        assertEquals("{\"caf\u00e9\":1}", accepts(LiteralType.STRUCT, "{'cafe\u0301': 1}"), "one key in another form is fine");
    }

    @Test
    void noneAcceptsOnlyNull() {
        assertEquals("null", accepts(LiteralType.NONE, "null"));
        FieldErrors errors = new FieldErrors();
        assertEquals("null", Canonical.json(Values.coerce(LiteralType.NONE, null, "v", errors)), "Java null counts as JSON null");
        rejectsAt(LiteralType.NONE, "0", "v", "expected null, got a number");
        rejectsAt(LiteralType.NONE, "''", "v", "expected null, got a string");
        rejectsAt(LiteralType.NONE, "{}", "v", "got an object");
    }
}
