package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates are checked against the interface when parsed: every mistake is an error with a path. */
class PlaceholderParsingTest {

    private static final Templates.Scope SCOPE = Templates.Scope.inputs(iface());

    private static TypedInterface iface() {
        FieldErrors errors = new FieldErrors();
        TypedInterface t = TypedInterface.parse(json("{'inputs': {"
                + "'name': {'type': 'string'}, 'n': {'type': 'integer'},"
                + "'rec': {'type': 'struct'}, 'tags': {'type': {'collection': 'string'}},"
                + "'labels': {'type': {'map': 'integer'}}, 'file': {'type': {'blob': {'format': 'csv'}}},"
                + "'rows': {'type': {'collection': {'map': 'string'}}}}}"), "interface", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return t;
    }

    private static List<FieldError> errors(String text) {
        FieldErrors errors = new FieldErrors();
        assertNull(Templates.parse(text, SCOPE, "config.url", errors), text);
        return errors.list();
    }

    private static String only(String text) {
        List<FieldError> list = errors(text);
        assertEquals(1, list.size(), list::toString);
        assertEquals("config.url", list.get(0).path());
        return list.get(0).message();
    }

    private static Templates.Template ok(String text) {
        FieldErrors errors = new FieldErrors();
        Templates.Template t = Templates.parse(text, SCOPE, "config.url", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertNotNull(t);
        return t;
    }

    @Test
    void unknownInputIsNamedWithThePlaceholder() {
        FieldError e = errors("http://x/{{.inputs.x}}").get(0);
        assertEquals("config.url: unknown input 'x' in {{.inputs.x}}; known: file, labels, n, name, rec, rows, tags",
                e.toString());
    }

    @Test
    void spacesInsideTheBracesAreAllowed() {
        assertTrue(ok("{{ .inputs.name }}").isSinglePlaceholder());
        assertTrue(ok("{{.inputs.name}}").isSinglePlaceholder());
        assertFalse(ok("a {{.inputs.name}}").isSinglePlaceholder());
    }

    @Test
    void readsAreCheckedAgainstTheDeclaredTypes() {
        ok("{{.inputs.rec.any.depth[3]}}");
        ok("{{.inputs.tags[0]}}");
        ok("{{.inputs.labels.some-key}}");
        ok("{{.inputs.file.uri}}");
        ok("{{.inputs.rows[1].col}}");
        assertEquals("input 'n' is an integer and has no field 'x' in {{.inputs.n.x}}", only("{{.inputs.n.x}}"));
        assertEquals("input 'tags' is a collection and has no field 'first'; read an element with [n] in {{.inputs.tags.first}}",
                only("{{.inputs.tags.first}}"));
        assertEquals("input 'labels' is a map and has no element [0]; read a key with .key in {{.inputs.labels[0]}}",
                only("{{.inputs.labels[0]}}"));
        assertEquals("input 'rows[0]' is a map and has no element [1]; read a key with .key in {{.inputs.rows[0][1]}}",
                only("{{.inputs.rows[0][1]}}"));
        assertEquals("input 'file' is a reference {uri, format} and has no field 'path' in {{.inputs.file.path}}",
                only("{{.inputs.file.path}}"));
    }

    @Test
    void malformedPlaceholdersAreRejected() {
        assertTrue(only("{{.inputs.name").startsWith("unclosed placeholder at offset 0"));
        assertTrue(only("{{ inputs.name }}").startsWith("malformed placeholder {{ inputs.name }}"));
        assertTrue(only("{{.inputs.name | upper}}").startsWith("malformed placeholder"));
        assertTrue(only("{{.inputs.tags[x]}}").startsWith("malformed placeholder"));
        assertEquals("{{.inputs}} names no input; write {{.inputs.name}}", only("{{.inputs}}"));
        assertEquals("unknown placeholder root '.env' in {{.env.HOME}}; expected .inputs", only("{{.env.HOME}}"));
    }

    @Test
    void everyProblemIsReported() {
        assertEquals(2, errors("{{.inputs.a}}/{{.inputs.b}}").size());
    }

    @Test
    void aLiteralActionWritesBraces() {
        Templates.Template t = ok("{{\"{{\"}}.inputs.name}} is {{.inputs.name}}");
        assertEquals("{{.inputs.name}} is Ada", t.render(Map.of("inputs", json("{'name': 'Ada'}")), Templates.TEXT));
    }

    @Test
    void pluginsAddRootsOfTheirOwn() {
        Templates.Scope scope = SCOPE.with("job", "job field", Map.of("id", LiteralType.STRING));
        FieldErrors errors = new FieldErrors();
        assertNotNull(Templates.parse("/jobs/{{.job.id}}/{{.inputs.n}}", scope, "config.status.url", errors));
        assertNull(Templates.parse("/jobs/{{.job.key}}", scope, "config.status.url", errors));
        assertEquals("config.status.url: unknown job field 'key' in {{.job.key}}; known: id", errors.list().get(0).toString());
    }

    @Test
    void urlsNameTheirHostLiterally() {
        FieldErrors errors = new FieldErrors();
        assertNotNull(Templates.parseUrl("https://api.example.com/v1/{{.inputs.name}}", SCOPE, "config.url", errors));
        assertNotNull(Templates.parseUrl("http://h:8080?q={{.inputs.name}}", SCOPE, "config.url", errors));
        assertTrue(errors.isEmpty(), errors::toString);
        assertNull(Templates.parseUrl("http://{{.inputs.name}}/x", SCOPE, "config.url", errors));
        assertNull(Templates.parseUrl("http://api.{{.inputs.name}}.com/x", SCOPE, "config.url", errors));
        assertNull(Templates.parseUrl("{{.inputs.name}}", SCOPE, "config.url", errors));
        assertNull(Templates.parseUrl("ftp://h/x", SCOPE, "config.url", errors));
        assertEquals(4, errors.size());
        assertTrue(errors.list().get(0).message().startsWith("placeholders may appear only in the path"));
        assertEquals("must be an absolute URL starting with http:// or https://", errors.list().get(3).message());
    }

    @Test
    void jsonTemplatesReportErrorsAtTheLeaf() {
        FieldErrors errors = new FieldErrors();
        assertNull(Templates.parseJson(json("{'a': {'b': ['ok', '{{.inputs.nope}}']}}"), SCOPE, "config.body", errors));
        assertEquals("config.body.a.b[1]", errors.list().get(0).path());
    }
}
