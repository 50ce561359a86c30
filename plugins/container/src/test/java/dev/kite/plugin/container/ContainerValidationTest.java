package dev.kite.plugin.container;

import static dev.kite.plugin.container.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kite.model.FieldError;
import dev.kite.testkit.Contexts;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.kubernetes.ContainerSpec;

/** A task's container object is checked at registration: every problem is reported, with its path. */
class ContainerValidationTest {

    private static final String INPUTS = "{'name': {'type': 'string'}, 'n': {'type': 'integer'}}";

    /** What registering the task would answer, binding and checks as the engine runs them. */
    private static List<FieldError> errors(String container) {
        ContainerPlugin plugin = new ContainerPlugin();
        plugin.settings = Fixtures.Settings.defaults();
        return Contexts.problems(plugin, task(INPUTS, container));
    }

    private static List<String> lines(String container) {
        return errors(container).stream().map(FieldError::toString).toList();
    }

    private static String only(String container) {
        List<FieldError> list = errors(container);
        assertEquals(1, list.size(), list::toString);
        return list.get(0).toString();
    }

    @Test
    void aCompleteContainerIsAccepted() {
        assertEquals(List.of(), errors("{'image': 'busybox:1.36', 'command': ['sh', '-c'],"
                + " 'args': ['echo {{.inputs.name}} {{ .inputs.n }}'], 'env': {'GREETING': 'hi {{.inputs.name}}', '_x1': ''},"
                + " 'resources': {'requests': {'cpu': '500m', 'memory': '256Mi', 'nvidia.com/gpu': 1},"
                + "               'limits': {'cpu': 1, 'memory': '512Mi', 'ephemeral-storage': '1Gi', 'hugepages-2Mi': '0'}},"
                + " 'serviceAccount': 'runner.team-a', 'sensitiveInputs': true}"));
        assertEquals(List.of(), errors("{'image': 'ghcr.io/acme/tool@sha256:0123abcd'}"));
    }

    @Test
    void aTaskWithoutContainerSaysWhatIsNeeded() {
        FieldErrors errors = new FieldErrors();
        assertNull(ContainerSpec.compile(task(INPUTS, null), errors));
        assertEquals("container: a container task needs a container: {\"image\": ...}", errors.list().get(0).toString());
    }

    @Test
    void theImageIsRequiredAndLiteral() {
        assertEquals("container.image: required: the container image, e.g. \"busybox:1.36\"", only("{}"));
        assertEquals("container.image: expected a non-blank string, got a string", only("{'image': '  '}"));
        assertEquals("container.image: expected a non-blank string, got a number", only("{'image': 3}"));
        assertEquals("container.image: must not contain whitespace", only("{'image': 'busybox 1.36'}"));
        assertEquals("container.image: the image is written literally; placeholders are not allowed here",
                only("{'image': 'busybox:{{.inputs.name}}'}"));
    }

    @Test
    void theOomRetrySettingIsChecked() {
        assertEquals(List.of("container.oomRetry.factor: expected a number from 1 to 10, e.g. 1.5",
                "container.oomRetry.maxMemory: 'lots' is not a quantity; write e.g. \"500m\", \"2\", \"256Mi\" or \"1Gi\""),
                lines("{'image': 'busybox', 'oomRetry': {'factor': 0.5, 'maxMemory': 'lots'}}"));
        assertEquals(List.of(), lines("{'image': 'busybox', 'oomRetry': {'factor': 2, 'maxMemory': '8Gi'}}"));
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        assertEquals("container.imagePullPolicy: unknown field 'imagePullPolicy'; known fields: image, command, args,"
                + " env, resources, serviceAccount, sensitiveInputs, oomRetry", only("{'image': 'busybox', 'imagePullPolicy': 'Always'}"));
        assertEquals("container.resources.request: unknown field 'request'; known fields: requests, limits",
                only("{'image': 'busybox', 'resources': {'request': {}}}"));
    }

    @Test
    void commandAndArgsAreArraysOfTemplateStrings() {
        assertEquals("container.command: expected an array of strings, got a string",
                only("{'image': 'busybox', 'command': 'sh -c'}"));
        assertEquals(List.of("container.args[1]: expected a string, got a number",
                "container.args[2]: expected a string, got an object"),
                lines("{'image': 'busybox', 'args': ['a', 1, {}]}"));
    }

    @Test
    void placeholdersNamingUnknownInputsAreErrorsAtTheirPaths() {
        assertEquals(List.of(
                "container.command[1]: unknown input 'shell' in {{.inputs.shell}}; known: n, name",
                "container.args[0]: unknown input 'nme' in {{.inputs.nme}}; known: n, name",
                "container.env.GREETING: unknown input 'who' in {{.inputs.who}}; known: n, name"),
                lines("{'image': 'busybox', 'command': ['sh', '{{.inputs.shell}}'], 'args': ['echo {{.inputs.nme}}'],"
                        + " 'env': {'GREETING': 'hi {{.inputs.who}}'}}"));
        assertEquals("container.args[0]: input 'n' is an integer and has no field 'x' in {{.inputs.n.x}}",
                only("{'image': 'busybox', 'args': ['{{.inputs.n.x}}']}"));
    }

    @Test
    void envNamesMustBeIdentifiersAndNotReserved() {
        assertEquals(List.of(
                "container.env[\"1ST\"]: an env name must match [A-Za-z_][A-Za-z0-9_]*",
                "container.env[\"MY-VAR\"]: an env name must match [A-Za-z_][A-Za-z0-9_]*",
                "container.env.KITE_SEED: names starting with KITE_ are reserved for the variables Kite sets",
                "container.env.KITE_MINE: names starting with KITE_ are reserved for the variables Kite sets",
                "container.env.COUNT: expected a string, got a number"),
                lines("{'image': 'busybox', 'env': {'1ST': 'a', 'MY-VAR': 'b', 'KITE_SEED': '1', 'KITE_MINE': 'c',"
                        + " 'COUNT': 3, 'kite_lower': 'allowed'}}"));
        assertEquals("container.env: expected an object {\"NAME\": \"value\"}, got an array",
                only("{'image': 'busybox', 'env': ['A=1']}"));
    }

    @Test
    void quantitiesMustParse() {
        assertEquals(List.of(
                "container.resources.requests.cpu: 'lots' is not a quantity; write e.g. \"500m\", \"2\", \"256Mi\" or \"1Gi\"",
                "container.resources.requests.memory: '1 Gi' is not a quantity; write e.g. \"500m\", \"2\", \"256Mi\" or \"1Gi\"",
                "container.resources.limits.memory: '-1Gi' is negative",
                "container.resources.limits[\"ephemeral-storage\"]: expected a quantity such as \"500m\" or \"256Mi\", got a boolean"),
                lines("{'image': 'busybox', 'resources': {'requests': {'cpu': 'lots', 'memory': '1 Gi'},"
                        + " 'limits': {'memory': '-1Gi', 'ephemeral-storage': true}}}"));
    }

    @Test
    void resourceNamesAreKubernetesOnes() {
        assertEquals("container.resources.limits.gpu: unknown resource 'gpu'; use cpu, memory, ephemeral-storage,"
                + " hugepages-<size> or an extended resource such as nvidia.com/gpu",
                only("{'image': 'busybox', 'resources': {'limits': {'gpu': 1}}}"));
        assertEquals("container.resources.requests: expected an object {\"cpu\": \"500m\", \"memory\": \"256Mi\"}, got an array",
                only("{'image': 'busybox', 'resources': {'requests': []}}"));
    }

    @Test
    void aRequestAboveItsLimitIsAnError() {
        assertEquals(List.of(
                "container.resources.requests.cpu: 1500m is more than the limit 1",
                "container.resources.requests.memory: 1Gi is more than the limit 512Mi"),
                lines("{'image': 'busybox', 'resources': {'requests': {'cpu': '1500m', 'memory': '1Gi', 'ephemeral-storage': '2Gi'},"
                        + " 'limits': {'cpu': '1', 'memory': '512Mi'}}}"));
        // equal is fine, and units are compared by amount: 1Gi = 1024Mi
        assertEquals(List.of(), errors("{'image': 'busybox', 'resources': {'requests': {'cpu': '1000m', 'memory': '1Gi'},"
                + " 'limits': {'cpu': '1', 'memory': '1024Mi'}}}"));
    }

    @Test
    void theServiceAccountIsADnsSubdomain() {
        assertEquals("container.serviceAccount: 'Runner_1' is not a valid service account name (lower-case letters,"
                + " digits, '-' and '.', starting and ending with a letter or digit, at most 253)",
                only("{'image': 'busybox', 'serviceAccount': 'Runner_1'}"));
        assertEquals(1, errors("{'image': 'busybox', 'serviceAccount': '-runner'}").size());
        assertEquals(1, errors("{'image': 'busybox', 'serviceAccount': '" + "a".repeat(254) + "'}").size());
        assertEquals("container.serviceAccount: expected a string, got a boolean",
                only("{'image': 'busybox', 'serviceAccount': true}"));
    }

    @Test
    void sensitiveInputsIsABoolean() {
        assertEquals("container.sensitiveInputs: expected true or false, got a string",
                only("{'image': 'busybox', 'sensitiveInputs': 'yes'}"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> paths = errors("{'image': '', 'command': 'sh', 'args': ['{{.inputs.zzz}}'], 'env': {'KITE_X': '1'},"
                + " 'resources': {'requests': {'memory': '2Gi'}, 'limits': {'memory': '1Gi'}}, 'serviceAccount': 'A',"
                + " 'sensitiveInputs': 1, 'extra': 0}").stream().map(FieldError::path).toList();
        assertEquals(List.of("container.extra", "container.image", "container.command", "container.args[0]",
                "container.env.KITE_X", "container.resources.requests.memory", "container.serviceAccount",
                "container.sensitiveInputs"), paths);
    }

    @Test
    void theSpecIsNullWhenAnythingIsWrong() {
        TaskTemplate t = task(INPUTS, "{'image': 'busybox', 'args': ['{{.inputs.missing}}']}");
        FieldErrors errors = new FieldErrors();
        assertNull(ContainerSpec.compile(t, errors));
        assertFalse(errors.isEmpty());
        assertTrue(Fixtures.spec(task(INPUTS, "{'image': 'busybox'}")).requests().isEmpty());
    }
}
