package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The injected values follow papermill's translators. Strings and floats are checked against the
 * real Python: its {@code unicode_escape} codec and its {@code repr}, which papermill relies on.
 */
class TranslatorTest {

    private static final List<String> STRINGS = List.of("plain", "say \"hi\"", "it's", "back\\slash", "tab\tnew\nline\r",
            "café", "€ 5", "emoji 😀", "bell \u0007 del \u007f", "{{ braces }} and 'quotes'", "");
    private static final double[] FLOATS = {0.5, 1.0, -2.25, 3.0e-5, 1.0e-4, 123456789.125, 1.0e15, 1.0e16, 1.5e-7,
        6.02214076e23, 1.7976931348623157e308, 5e-324, 0.1, 2.0 / 3, 1234567890123456.0, 2.0e23, 1.0e22, 1.0e-5,
        123.456, 9007199254740993.0, 4.35, 1.0e-300};

    /** Runs a Python program on stdin with /usr/bin/python3 and returns its stdout lines. */
    static List<String> python(String program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", program).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "python failed: " + out);
        return List.of(out.split("\n", -1)).subList(0, (int) out.chars().filter(c -> c == '\n').count());
    }

    @Test
    void stringsAreEscapedLikePythonsUnicodeEscapeWithDoubleQuotesEscaped() throws Exception {
        String literal = Fixtures.MAPPER.writeValueAsString(STRINGS);
        List<String> expected = python("import json\nfor s in json.loads(" + Fixtures.MAPPER.writeValueAsString(literal) + "):\n"
                + "    print('\"' + s.encode('unicode_escape').decode('utf-8').replace('\"', r'\\\"') + '\"')");
        List<String> actual = new ArrayList<>();
        STRINGS.forEach(s -> actual.add(Translator.PYTHON.translate(JsonNodeFactory.instance.textNode(s))));
        assertEquals(expected, actual);
    }

    @Test
    void floatsAreWrittenAsPythonsRepr() throws Exception {
        StringBuilder values = new StringBuilder("[");
        List<String> actual = new ArrayList<>();
        for (double d : FLOATS) {
            values.append(values.length() == 1 ? "" : ", ").append(d).append(", ").append(-d);
            actual.add(Translator.PYTHON.translate(DoubleNode.valueOf(d)));
            actual.add(Translator.PYTHON.translate(DoubleNode.valueOf(-d)));
        }
        List<String> expected = python("for f in " + values + "]:\n    print(repr(float(f)))");
        assertEquals(expected, actual);
    }

    @Test
    void nonFiniteFloatsBecomeFloatCalls() {
        assertEquals("float('nan')", Translator.PYTHON.translate(DoubleNode.valueOf(Double.NaN)));
        assertEquals("float('inf')", Translator.PYTHON.translate(DoubleNode.valueOf(Double.POSITIVE_INFINITY)));
        assertEquals("float('-inf')", Translator.PYTHON.translate(DoubleNode.valueOf(Double.NEGATIVE_INFINITY)));
    }

    @Test
    void pythonCodifiesEveryKindOfValueAsPapermillDoes() {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        params.put("name", json("'Ada \"the\" first'"));
        params.put("count", json("42"));
        params.put("ratio", json("0.25"));
        params.put("flag", json("true"));
        params.put("nothing", json("null"));
        params.put("items", json("[1, 'two', [3.5, false], null]"));
        params.put("config", json("{'a': {'b': [1, 2]}, 'c d': 'e'}"));
        assertEquals("""
                # Parameters
                name = "Ada \\"the\\" first"
                count = 42
                ratio = 0.25
                flag = True
                nothing = None
                items = [1, "two", [3.5, False], None]
                config = {"a": {"b": [1, 2]}, "c d": "e"}
                """, Translator.PYTHON.codify(params));
    }

    @Test
    void rAndScalaUseTheirOwnLiterals() {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        params.put("_n", json("3000000000"));
        params.put("flag", json("false"));
        params.put("none", json("null"));
        params.put("xs", json("[1, 'a']"));
        params.put("m", json("{'k': 1.5}"));
        assertEquals("""
                # Parameters
                n = 3000000000
                flag = FALSE
                none = NULL
                xs = list(1, "a")
                m = list("k" = 1.5)
                """, Translator.R.codify(params));
        assertEquals("""
                // Parameters
                val _n = 3000000000L
                val flag = false
                val none = None
                val xs = Seq(1, "a")
                val m = Map("k" -> 1.5)
                """, Translator.SCALA.codify(params));
    }

    @Test
    void parametersCellsAreReadPerLanguage() {
        assertEquals(List.of("alpha", "beta", "gamma"), List.copyOf(Translator.PYTHON.assignedNames(
                "# defaults\nalpha = 1\nbeta: int = 2  # typed\ngamma=[1,\n  2]\nif alpha == 1:\n    inner = 3\n")));
        assertEquals(List.of("alpha", "beta"), List.copyOf(Translator.R.assignedNames("alpha <- 1\nbeta = 'x'\n")));
        assertEquals(List.of("alpha", "beta"), List.copyOf(Translator.SCALA.assignedNames("val alpha = 1\nvar beta: String = \"x\"\n")));
    }
}
