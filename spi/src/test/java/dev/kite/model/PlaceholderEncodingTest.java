package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values are encoded for where they land: no value can break the URL or the JSON around it. */
class PlaceholderEncodingTest {

    /** Values a caller might send to break out of where they land. */
    static final List<String> HOSTILE = List.of(
            "a\"b", "}{", "{\"x\":1}", "a&b=c", "#frag", "x/../../admin", "what?now", "line\nbreak\r\n",
            "tab\there", "ünïcødé ✓ 😀", "{{.inputs.secret}}", "100%", "a+b c", "\\back\\slash", "'single'",
            "..", ".", "", "\u0000nul", "é", "e\u0301");

    private static final Templates.Scope SCOPE = Templates.Scope.inputs(iface());

    private static TypedInterface iface() {
        FieldErrors errors = new FieldErrors();
        TypedInterface t = TypedInterface.parse(json("{'inputs': {'v': {'type': 'string'}, 'secret': {'type': 'string'},"
                + "'n': {'type': 'integer'}, 'f': {'type': 'float'}, 'ok': {'type': 'boolean'},"
                + "'tags': {'type': {'collection': 'string'}}, 'rec': {'type': 'struct'}, 'none': {'type': 'none'}}}"),
                "interface", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return t;
    }

    private static Templates.Template parse(String text) {
        FieldErrors errors = new FieldErrors();
        Templates.Template t = Templates.parse(text, SCOPE, "t", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return t;
    }

    private static Map<String, JsonNode> inputs(String v) {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("v", v).put("secret", "s3cr3t").put("n", 42).put("f", 1.5).put("ok", true);
        in.putArray("tags").add("a\"b").add("c,d");
        in.putObject("rec").put("k", "v\"").putArray("l").add(1);
        in.putNull("none");
        return Map.of("inputs", in);
    }

    @Test
    void pathSegmentsDecodeBackToTheValueAndStayOneSegment() {
        Templates.Template t = parse("http://h/items/{{.inputs.v}}/x");
        for (String v : HOSTILE) {
            String url = t.renderUrl(inputs(v));
            URI uri = URI.create(url);
            assertEquals("h", uri.getHost(), url);
            assertEquals(null, uri.getRawQuery(), url);
            assertEquals(null, uri.getRawFragment(), url);
            String[] segments = uri.getRawPath().split("/", -1);
            assertEquals(4, segments.length, url);
            assertEquals(v, URLDecoder.decode(segments[2].replace("+", "%2B"), StandardCharsets.UTF_8), url);
            assertTrue(!segments[2].equals(".") && !segments[2].equals(".."), url);
        }
    }

    @Test
    void queryValuesDecodeBackToTheValueAndAddNoParameter() {
        Templates.Template t = parse("http://h/s?q={{.inputs.v}}&lang=en");
        for (String v : HOSTILE) {
            String url = t.renderUrl(inputs(v));
            URI uri = URI.create(url);
            assertEquals(null, uri.getRawFragment(), url);
            String[] params = uri.getRawQuery().split("&");
            assertEquals(2, params.length, url);
            assertEquals("lang=en", params[1]);
            assertEquals(v, URLDecoder.decode(params[0].substring(2), StandardCharsets.UTF_8), url);
        }
    }

    @Test
    void jsonEncoderWritesValuesThatParseBackExactly() throws Exception {
        Templates.Template t = parse("{\"v\": {{.inputs.v}}, \"tags\": {{.inputs.tags}}, \"n\": {{.inputs.n}}, "
                + "\"rec\": {{.inputs.rec}}, \"none\": {{.inputs.none}}}");
        ObjectMapper mapper = new ObjectMapper();
        for (String v : HOSTILE) {
            JsonNode doc = mapper.readTree(t.render(inputs(v), Templates.JSON));
            // JSON is written canonically, so in NFC (inputs are canonical already; "e\u0301" is not)
            assertEquals(Normalizer.normalize(v, Normalizer.Form.NFC), doc.get("v").textValue());
            assertEquals(json("['a\"b', 'c,d']"), doc.get("tags"));
            assertEquals(42, doc.get("n").intValue());
            assertEquals(json("{'k': 'v\"', 'l': [1]}"), doc.get("rec"));
            assertTrue(doc.get("none").isNull());
        }
    }

    @Test
    void jsonTemplatesKeepTypesAndCannotBeBrokenOutOf() {
        FieldErrors errors = new FieldErrors();
        Templates.JsonTemplate body = Templates.parseJson(json("{'v': '{{.inputs.v}}', 'greeting': 'Hi {{ .inputs.v }}!',"
                + "'n': '{{.inputs.n}}', 'count': '{{.inputs.n}} items', 'tags': '{{.inputs.tags}}',"
                + "'nested': [{'ok': '{{.inputs.ok}}', 'f': '{{.inputs.f}}'}], 'fixed': 7, 'lit': 'plain {x}'}"),
                SCOPE, "config.body", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        for (String v : HOSTILE) {
            JsonNode out = body.render(inputs(v));
            assertEquals(v, out.get("v").textValue());
            assertEquals("Hi " + v + "!", out.get("greeting").textValue());
            assertEquals(42, out.get("n").longValue());
            assertTrue(out.get("n").isIntegralNumber());
            assertEquals("42 items", out.get("count").textValue());
            assertEquals(json("['a\"b', 'c,d']"), out.get("tags"));
            assertEquals(json("[{'ok': true, 'f': 1.5}]"), out.get("nested"));
            assertEquals(7, out.get("fixed").intValue());
            assertEquals("plain {x}", out.get("lit").textValue());
            assertEquals(8, out.size());
        }
    }

    @Test
    void valuesAreNeverExpandedAgain() {
        Map<String, JsonNode> data = inputs("{{.inputs.secret}}");
        assertEquals("x={{.inputs.secret}}", parse("x={{.inputs.v}}").render(data, Templates.TEXT));
        assertEquals("%7B%7B.inputs.secret%7D%7D", parse("{{.inputs.v}}").render(data, Templates.QUERY_VALUE));
    }

    @Test
    void textRenderingIsTyped() {
        Map<String, JsonNode> data = inputs("x");
        assertEquals("42 1.5 true  [\"a\\\"b\",\"c,d\"]",
                parse("{{.inputs.n}} {{.inputs.f}} {{.inputs.ok}} {{.inputs.none}} {{.inputs.tags}}").render(data, Templates.TEXT));
        assertEquals("a\"b|v\"", parse("{{.inputs.tags[0]}}|{{.inputs.rec.k}}").render(data, Templates.TEXT));
    }

    @Test
    void aMissingValueIsARenderError() {
        Templates.RenderException e = assertThrows(Templates.RenderException.class,
                () -> parse("{{.inputs.rec.nope}}").render(inputs("x"), Templates.TEXT));
        assertEquals("no value for {{.inputs.rec.nope}}", e.getMessage());
        assertThrows(Templates.RenderException.class, () -> parse("{{.inputs.tags[5]}}").render(inputs("x"), Templates.TEXT));
    }

    @Test
    void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertEquals("AZaz09-._~%20%2F%3F%23%26%3D%2B%25%C3%A9%F0%9F%98%80", Templates.percent("AZaz09-._~ /?#&=+%é😀"));
        assertEquals("%2E%2E", Templates.PATH_SEGMENT.encode(JsonNodeFactory.instance.textNode("..")));
        assertEquals("...", Templates.PATH_SEGMENT.encode(JsonNodeFactory.instance.textNode("...")));
    }
}
