package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalFormTest {

    @Test
    void keysAreSortedRecursivelyWithoutWhitespace() {
        assertEquals("{\"a\":{\"x\":[{\"m\":1,\"n\":2}],\"y\":null},\"b\":true}",
            Canonical.json(json("{ 'b' : true, 'a': {'y': null, 'x': [ {'n': 2, 'm': 1} ]} }")));
    }

    @Test
    void keysAreSortedByCodePointNotUtf16Unit() {
        // U+FB01 sorts before U+1F600 by code point, but after its surrogate pair (U+D83D...) by UTF-16 unit
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("\uD83D\uDE00", 1);
        node.put("\uFB01", 2);
        node.put("Z", 3);
        node.put("a", 4);
        assertEquals("{\"Z\":3,\"a\":4,\"\uFB01\":2,\"\uD83D\uDE00\":1}", Canonical.json(node));
    }

    @Test
    void numbersHaveOneSpelling() {
        assertEquals("[1,-2,0,12345678901234567890]", Canonical.json(json("[1, -2, 0, 12345678901234567890]")));
        assertEquals("[1.0,0.1,2.5E-8,1.0E20,-3.0]", Canonical.json(json("[1.0, 0.1, 2.5e-8, 1e20, -3.00]")));
        assertEquals("123456789012345678901234567890", Canonical.json(BigIntegerNode.valueOf(new BigInteger("123456789012345678901234567890"))));
    }

    @Test
    void nanAndInfinityHaveNoCanonicalForm() {
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(DoubleNode.valueOf(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(DoubleNode.valueOf(Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(MissingNode.getInstance()));
    }

    @Test
    void stringsAndKeysAreNfcNormalized() {
        ObjectNode decomposed = JsonNodeFactory.instance.objectNode().put("cafe\u0301", "e\u0301");
        ObjectNode composed = JsonNodeFactory.instance.objectNode().put("caf\u00e9", "\u00e9");
        assertEquals(Canonical.json(composed), Canonical.json(decomposed));
        assertEquals(Canonical.sha256(composed), Canonical.sha256(decomposed));
        assertEquals("{\"caf\u00e9\":\"\u00e9\"}", Canonical.json(decomposed));
    }

    @Test
    void keysCollidingUnderNfcAreBothKeptInAStableOrder() {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("cafe\u0301", 1).put("caf\u00e9", 2);
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("caf\u00e9", 2).put("cafe\u0301", 1);
        assertEquals(Canonical.json(a), Canonical.json(b));
        assertEquals("{\"caf\u00e9\":1,\"caf\u00e9\":2}", Canonical.json(a));
    }

    @Test
    void escapesAreMinimalAndFixed() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001/\u00e9\u2028\"", Canonical.json(TextNode.valueOf("q\"b\\n\nt\tc\u0001/\u00e9\u2028")));
        assertEquals("\"\\b\\f\\r\\u001f\"", Canonical.json(TextNode.valueOf("\b\f\r\u001f")));
        assertEquals("\"a\\ud800b\"", Canonical.json(TextNode.valueOf("a\ud800b")), "unpaired surrogates stay distinct");
        assertNotEquals(Canonical.sha256(TextNode.valueOf("\ud800")), Canonical.sha256(TextNode.valueOf("\udc00")));
    }

    @Test
    void binaryNodesAreBase64Strings() {
        assertEquals("\"aGk=\"", Canonical.json(BinaryNode.valueOf("hi".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void bytesAreUtf8OfTheJson() {
        assertArrayEquals("{\"k\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8), Canonical.bytes(json("{'k': '\u00e9'}")));
    }

    @Test
    void sha256IsLowercaseHexOfTheCanonicalBytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Canonical.sha256("abc"));
        assertEquals(Canonical.sha256("{\"a\":1,\"b\":[true]}"), Canonical.sha256(json("{'b': [true], 'a': 1}")));
    }

    @Test
    void equalDocumentsHashEqualAndDifferentOnesDiffer() {
        assertEquals(Canonical.sha256(json("{'a': 1, 'b': 2}")), Canonical.sha256(json("{'b': 2, 'a': 1}")));
        assertNotEquals(Canonical.sha256(json("{'a': 1}")), Canonical.sha256(json("{'a': 1.0}")));
        assertNotEquals(Canonical.sha256(json("{'a': 1}")), Canonical.sha256(json("{'a': '1'}")));
        assertNotEquals(Canonical.sha256(json("[1, 2]")), Canonical.sha256(json("[2, 1]")));
        assertNotEquals(Canonical.sha256(json("{'a': null}")), Canonical.sha256(json("{}")));
    }

    @Test
    void canonicalJsonParsesBackToTheSameDocument() {
        ArrayNode doc = (ArrayNode) json("[{'z': 'caf\u00e9', 'a': [1.5, 2, null, false]}, 'x\\ny']");
        assertEquals(doc, json(Canonical.json(doc)));
    }
}
