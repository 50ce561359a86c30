package dev.kite.plugin.papermill;

import static dev.kite.plugin.papermill.Fixtures.assertContains;
import static dev.kite.plugin.papermill.Fixtures.code;
import static dev.kite.plugin.papermill.Fixtures.inline;
import static dev.kite.plugin.papermill.Fixtures.json;
import static dev.kite.plugin.papermill.Fixtures.markdown;
import static dev.kite.plugin.papermill.Fixtures.python;
import static dev.kite.plugin.papermill.Fixtures.tagged;
import static dev.kite.plugin.papermill.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskStatus;

/** A parameterized notebook run by a real Python kernel, outputs typed, the executed notebook kept. */
class NotebookRunTest {

    @TempDir
    Path tmp;

    static final String INPUTS = "{'title': 'string', 'count': 'integer', 'ratio': 'float', 'verbose': 'boolean',"
            + " 'settings': 'struct', 'data': {'blob': {'format': 'csv'}}}";
    static final String OUTPUTS = "{'rows': 'integer', 'title_length': 'integer', 'scaled': 'float', 'shout': 'string',"
            + " 'keys': {'collection': 'string'}, 'verbose': 'boolean', 'summary': {'blob': {}},"
            + " 'out_nb': {'blob': {'format': 'ipynb'}}, 'out_rendered_nb': {'blob': {'format': 'html'}}}";

    static ObjectNode report() {
        return python(
                markdown("# Report\nA notebook with a parameters cell."),
                tagged("parameters", "title = \"untitled\"\ncount = 0\nratio = 0.0\nverbose = False\nsettings = {}\ndata = \"\"\n"),
                code("assert isinstance(title, str) and isinstance(count, int) and isinstance(ratio, float)\n"
                        + "assert verbose is True and isinstance(settings, dict)\n"
                        + "rows = open(data).read().splitlines()[1:]\nprint(len(rows), 'rows')"),
                code("import kite\nkite.record(rows=len(rows), title_length=len(title))"),
                code("with open('summary.txt', 'w') as f:\n    f.write(title + '\\n')"),
                tagged("outputs", "{'scaled': count * ratio, 'shout': title.upper(), 'keys': sorted(settings),"
                        + " 'verbose': verbose, 'summary': 'summary.txt'}"));
    }

    @Test
    void fiveKindsOfInputsAreInjectedAsPapermillWritesThemAndTheOutputsComeBackTyped() throws Exception {
        FileStore store = new FileStore(tmp);
        Files.createDirectories(tmp.resolve("in"));
        Files.writeString(tmp.resolve("in/rows.csv"), "n\n1\n2\n3\n");
        TaskTemplate task = task(INPUTS, OUTPUTS, inline(report()));
        assertTrue(Fixtures.validate(task).isEmpty());
        Fixtures.Context ctx = Fixtures.Context.of(task, "{'title': 'Ada\\'s \"report\"\\n€', 'count': 3, 'ratio': 0.5,"
                + " 'verbose': true, 'settings': {'depth': 2, 'tags': ['a', 'b']}, 'data': {'uri': '"
                + store.uri("in/rows.csv") + "', 'format': 'csv'}}", store);
        NotebookPlugin plugin = Fixtures.plugin(tmp.resolve("work"));
        Path downloaded = plugin.workDir(ctx).inputs("data").resolve("rows.csv");

        TaskStatus status = Fixtures.runToEnd(plugin, ctx);

        assertEquals(TaskStatus.Phase.SUCCEEDED, status.phase(), () -> String.valueOf(status.error()));
        ObjectNode out = status.outputs();
        assertEquals(3L, out.get("rows").longValue());
        assertTrue(out.get("rows").isLong() && out.get("scaled").isDouble(), out::toString);
        assertEquals(16L, out.get("title_length").longValue());
        assertEquals(1.5, out.get("scaled").doubleValue());
        assertEquals("ADA'S \"REPORT\"\n€", out.get("shout").textValue());
        assertEquals(json("['depth', 'tags']"), out.get("keys"));
        assertEquals(true, out.get("verbose").booleanValue());
        URI summary = URI.create(out.get("summary").get("uri").textValue());
        assertEquals(URI.create(ctx.rawOutputPrefix() + "outputs/summary/summary.txt"), summary);
        assertEquals("Ada's \"report\"\n€\n", Files.readString(Path.of(summary)));

        URI executed = URI.create(out.get("out_nb").get("uri").textValue());
        assertEquals(URI.create(ctx.rawOutputPrefix() + "executed.ipynb"), executed);
        assertTrue(executed.toString().startsWith("file:///"), "the prefix's form is kept: " + executed);
        JsonNode nb = Fixtures.MAPPER.readTree(Files.readString(Path.of(executed)));
        JsonNode injected = nb.get("cells").get(2);
        assertEquals("[\"injected-parameters\"]", injected.at("/metadata/tags").toString());
        assertEquals("# Parameters\n"
                + "title = \"Ada's \\\"report\\\"\\n\\u20ac\"\n"
                + "count = 3\n"
                + "ratio = 0.5\n"
                + "verbose = True\n"
                + "settings = {\"depth\": 2, \"tags\": [\"a\", \"b\"]}\n"
                + "data = \"" + downloaded + "\"\n", Notebook.source(injected));
        assertEquals(3, nb.at("/metadata/papermill/parameters/count").intValue());
        assertEquals("3 rows\n", nb.get("cells").get(3).at("/outputs/0/text").isArray()
                ? String.join("", nb.get("cells").get(3).at("/outputs/0/text").valueStream().map(JsonNode::asText).toList())
                : nb.get("cells").get(3).at("/outputs/0/text").asText());
        String html = Files.readString(Path.of(URI.create(out.get("out_rendered_nb").get("uri").textValue())));
        assertContains(html, "<html");
        assertContains(html, "3 rows");
        assertFalse(Files.exists(plugin.workDir(ctx).root()), "the working folder is removed at the end");
    }

    @Test
    void aMissingOrMistypedOutputIsAnOutputMismatchNamingIt() throws Exception {
        FileStore store = new FileStore(tmp);
        TaskTemplate task = task("{'n': 'integer'}", "{'half': 'integer', 'label': 'string'}",
                inline(python(tagged("parameters", "n = 1\n"), tagged("outputs", "{'half': n / 2}"))));
        TaskStatus status = Fixtures.runToEnd(Fixtures.plugin(tmp.resolve("work")), Fixtures.Context.of(task, "{'n': 3}", store));
        assertEquals(TaskStatus.Phase.FAILED, status.phase());
        assertEquals("OUTPUT_MISMATCH", status.error().code());
        assertContains(status.error().message(), "outputs.half");
        assertContains(status.error().message(), "outputs.label");
        assertContains(status.error().message(), "kite.record(label=...)");
    }
}
