package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.json;
import static dev.kite.plugin.papermill.Fixtures.markdown;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.tagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;

/** Where the injected-parameters cell goes, as papermill's parameterize_notebook puts it. */
class InjectionTest {

    private static Notebook parse(ObjectNode doc) {
        FieldErrors errors = new FieldErrors();
        Notebook nb = Notebook.parse(doc, "config.notebook", errors);
        assertNotNull(nb, errors::toString);
        return nb;
    }

    private static Map<String, JsonNode> params() {
        Map<String, JsonNode> p = new LinkedHashMap<>();
        p.put("x", json("2"));
        return p;
    }

    private static List<String> sources(ObjectNode nb) {
        return nb.get("cells").valueStream().map(Notebook::source).toList();
    }

    @Test
    void theCellGoesRightAfterTheParametersCellWithItsTagAndTheValuesInMetadata() {
        Notebook nb = parse(python(markdown("# Title"), tagged("parameters", "x = 1\n"), code("print(x)")));
        Notebook.Parameterized p = nb.parameterize(Translator.PYTHON, params());
        assertEquals(List.of("# Title", "x = 1\n", "# Parameters\nx = 2\n", "print(x)"), sources(p.json()));
        assertEquals(2, p.injectedIndex());
        JsonNode injected = p.json().get("cells").get(2);
        assertEquals("code", injected.get("cell_type").asText());
        assertEquals(List.of("injected-parameters"), Notebook.tags(injected));
        assertEquals(json("{'x': 2}"), p.json().at("/metadata/papermill/parameters"));
    }

    @Test
    void anEarlierInjectedCellIsReplaced() {
        Notebook nb = parse(python(tagged("parameters", "x = 1\n"), tagged("injected-parameters", "x = 99\n"), code("print(x)")));
        Notebook.Parameterized p = nb.parameterize(Translator.PYTHON, params());
        assertEquals(List.of("x = 1\n", "# Parameters\nx = 2\n", "print(x)"), sources(p.json()));
    }

    @Test
    void withoutAParametersCellTheValuesGoToTheTop() {
        Notebook nb = parse(python(code("print(x)"), code("x + 1")));
        Notebook.Parameterized p = nb.parameterize(Translator.PYTHON, params());
        assertEquals(List.of("# Parameters\nx = 2\n", "print(x)", "x + 1"), sources(p.json()));
        assertEquals(0, p.injectedIndex());
    }

    @Test
    void withoutParametersNothingIsInjected() {
        Notebook nb = parse(python(tagged("parameters", "x = 1\n"), code("print(x)")));
        Notebook.Parameterized p = nb.parameterize(Translator.PYTHON, Map.of());
        assertEquals(List.of("x = 1\n", "print(x)"), sources(p.json()));
        assertEquals(-1, p.injectedIndex());
    }

    @Test
    void aSourceGivenAsLinesIsReadAsOneText() {
        ObjectNode doc = python(tagged("parameters", ""));
        ((ObjectNode) doc.get("cells").get(0)).set("source", json("['a = 1\\n', 'b = 2\\n']"));
        assertEquals(List.of("a", "b"), parse(doc).parameterNames(Translator.PYTHON));
    }
}
