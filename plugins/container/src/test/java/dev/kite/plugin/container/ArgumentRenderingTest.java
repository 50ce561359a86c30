package dev.kite.plugin.container;

import static dev.kite.plugin.container.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskException;
import dev.kite.spi.kubernetes.TaskPod;
import dev.kite.spi.kubernetes.PodDefaults;

/** Command, args and env are rendered from the inputs with typed values, exactly as the container sees them. */
class ArgumentRenderingTest {

    private static final String INPUTS = "{'name': {'type': 'string'}, 'n': {'type': 'integer'}, 'x': {'type': 'float'},"
            + " 'ok': {'type': 'boolean'}, 'files': {'type': {'collection': 'string'}}, 'nums': {'type': {'collection': 'integer'}},"
            + " 'data': {'type': {'blob': {'format': 'csv'}}}, 'parts': {'type': {'collection': {'blob': {}}}},"
            + " 'opts': {'type': {'map': 'integer'}}, 'rec': {'type': 'struct'}, 'note': {'type': {'union': ['string', 'none']}}}";
    private static final String VALUES = "{'name': 'Ada Lovelace', 'n': 42, 'x': 1.5, 'ok': true,"
            + " 'files': ['a.txt', 'b c.txt'], 'nums': [1, 2], 'data': {'uri': 's3://bucket/in.csv', 'format': 'csv'},"
            + " 'parts': [{'uri': 's3://b/p1', 'format': ''}, {'uri': 's3://b/p2', 'format': ''}],"
            + " 'opts': {'b': 2, 'a': 1}, 'rec': {'k': 'v'}, 'note': null}";

    private static Container container(String containerJson, String values) {
        TaskTemplate t = task(INPUTS, containerJson);
        Pod pod = TaskPod.build(Fixtures.spec(t), Fixtures.context(t, values), PodDefaults.NONE, Fixtures.NOW);
        return pod.getSpec().getContainers().get(0);
    }

    private static List<String> args(String... templates) {
        StringBuilder sb = new StringBuilder("{'image': 'busybox', 'args': [");
        for (int i = 0; i < templates.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(templates[i].replace("\"", "\\\"")).append('"');
        }
        return container(sb.append("]}").toString(), VALUES).getArgs();
    }

    @Test
    void stringsAreWrittenAsThemselvesAndOtherValuesAsCanonicalJson() {
        assertEquals(List.of("--name=Ada Lovelace", "42", "1.5", "true", "{\"a\":1,\"b\":2}", "{\"k\":\"v\"}", ""),
                args("--name={{.inputs.name}}", "{{.inputs.n}}", "{{.inputs.x}}", "{{.inputs.ok}}", "{{.inputs.opts}}",
                        "{{.inputs.rec}}", "{{.inputs.note}}"));
    }

    @Test
    void aListInALongerArgumentIsItsJson() {
        assertEquals(List.of("files=[\"a.txt\",\"b c.txt\"]"), args("files={{.inputs.files}}"));
    }

    @Test
    void anArgumentThatIsOnlyAListBecomesOneArgumentPerElement() {
        assertEquals(List.of("cat", "a.txt", "b c.txt", "--", "1", "2", "s3://b/p1", "s3://b/p2"),
                args("cat", "{{.inputs.files}}", "--", "{{ .inputs.nums }}", "{{.inputs.parts}}"));
        assertEquals(List.of("cat"), container("{'image': 'busybox', 'args': ['cat', '{{.inputs.files}}']}",
                VALUES.replace("['a.txt', 'b c.txt']", "[]")).getArgs());
    }

    @Test
    void blobsAndDatasetsAreWrittenAsTheirUri() {
        assertEquals(List.of("s3://bucket/in.csv", "--in=s3://bucket/in.csv", "csv"),
                args("{{.inputs.data}}", "--in={{.inputs.data}}", "{{.inputs.data.format}}"));
    }

    @Test
    void theCommandIsRenderedAndExpandedTheSameWay() {
        Container c = container("{'image': 'busybox', 'command': ['run', '{{.inputs.files}}', '-n{{.inputs.n}}']}", VALUES);
        assertEquals(List.of("run", "a.txt", "b c.txt", "-n42"), c.getCommand());
        assertEquals(List.of(), c.getArgs());
    }

    @Test
    void withoutCommandOrArgsTheImageDefaultsApply() {
        Container c = container("{'image': 'busybox'}", VALUES);
        assertTrue(c.getCommand().isEmpty());
        assertTrue(c.getArgs().isEmpty());
    }

    @Test
    void envValuesAreRenderedWithoutExpansion() {
        Container c = container("{'image': 'busybox', 'env': {'WHO': 'hi {{.inputs.name}}', 'FILES': '{{.inputs.files}}',"
                + " 'IN': '{{.inputs.data}}', 'N': '{{.inputs.n}}'}}", VALUES);
        Map<String, String> env = c.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("hi Ada Lovelace", env.get("WHO"));
        assertEquals("[\"a.txt\",\"b c.txt\"]", env.get("FILES"));
        assertEquals("s3://bucket/in.csv", env.get("IN"));
        assertEquals("42", env.get("N"));
    }

    @Test
    void dollarsInValuesAreEscapedSoTheKubeletLeavesThemAlone() {
        // the kubelet expands $(VAR) and turns $$ into $: values are doubled, the task's own text is not
        Container c = container("{'image': 'busybox', 'args': ['{{.inputs.name}} $(KITE_SEED)', '{{.inputs.files}}'],"
                + " 'env': {'V': '{{.inputs.name}}'}}",
                VALUES.replace("'Ada Lovelace'", "'$(HOME) costs $$5'").replace("'a.txt'", "'$1'"));
        assertEquals(List.of("$$(HOME) costs $$$$5 $(KITE_SEED)", "$$1", "b c.txt"), c.getArgs());
        assertEquals("$$(HOME) costs $$$$5", c.getEnv().stream().filter(e -> e.getName().equals("V")).findFirst()
                .orElseThrow().getValue());
    }

    @Test
    void aStructFieldThatIsMissingFailsTheAttemptAsAUserError() {
        TaskTemplate t = task(INPUTS, "{'image': 'busybox', 'args': ['{{.inputs.rec.missing}}']}");
        TaskException e = assertThrows(TaskException.class,
                () -> TaskPod.build(Fixtures.spec(t), Fixtures.context(t, VALUES), PodDefaults.NONE, Fixtures.NOW));
        assertEquals(ErrorKind.USER, e.error().kind());
        assertEquals("TEMPLATE", e.error().code());
        assertEquals("no value for {{.inputs.rec.missing}}", e.error().message());
    }
}
