package dev.kite.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kite run PROJECT/DOMAIN/NAME[:VERSION] --input k=v …}: submits an execution; with
 * {@code --wait} answers once it ended, with {@code --watch} shows it live. An {@code --input}
 * value is text for an input declared as a string (or datetime, duration, …) and JSON otherwise
 * ({@code n=3}, {@code flags=[1,2]}, {@code on=true}); {@code --inputs-file} is a JSON or YAML object.
 */
@Command(name = "run", description = "Submit an execution of a task")
final class RunCommand extends Kite.Base {

    private static final Set<String> JSON_TYPES = Set.of("integer", "float", "boolean");

    @Parameters(paramLabel = "PROJECT/DOMAIN/NAME[:VERSION]")
    String ref;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=VALUE", description = "an input value (repeatable)")
    List<String> inputs = List.of();

    @Option(names = "--inputs-file", paramLabel = "FILE", description = "the inputs as a JSON or YAML object")
    Path inputsFile;

    @Option(names = "--wait", description = "wait for the end; exit code 0 only when it succeeded")
    boolean waitForEnd;

    @Option(names = "--watch", description = "show it live to its end; exit code 0 only when it succeeded")
    boolean watch;

    @Option(names = "--name", description = "a client name: submitting the same name again answers the same execution")
    String name;

    @Option(names = "--overwrite-cache", description = "run even if cached outputs exist, and replace them")
    boolean overwriteCache;

    @Override
    public Integer call() throws IOException {
        TaskRef task = TaskRef.parse(ref);
        ObjectNode body = Output.JSON.createObjectNode();
        body.set("task", task.json());
        body.set("inputs", inputs(task));
        if (name != null) {
            body.put("name", name);
        }
        if (overwriteCache) {
            body.put("overwriteCache", true);
        }
        JsonNode e = api().post("/api/v1/executions" + (waitForEnd ? "?wait=60s" : ""), body);
        if (watch) {
            if (output().human()) {
                output().line("execution " + e.path("id").asText());
            }
            return Watcher.watch(api(), output(), e.path("id").asText());
        }
        if (!waitForEnd) {
            GetCommand.show(output(), e);
            return Exit.OK;
        }
        while (!Watcher.ENDS.contains(e.path("phase").asText())) {
            e = api().get("/api/v1/executions/" + ApiClient.q(e.path("id").asText()) + "?wait=60");
        }
        GetCommand.show(output(), e);
        return Watcher.exitCode(e);
    }

    private ObjectNode inputs(TaskRef task) throws IOException {
        ObjectNode values = Output.JSON.createObjectNode();
        if (inputsFile != null) {
            JsonNode file = Output.YAML.readTree(inputsFile.toFile());
            if (file == null || !file.isObject()) {
                throw new CliException(Exit.USAGE, inputsFile + ": expected an object of input values by name");
            }
            values.setAll((ObjectNode) file);
        }
        if (inputs.isEmpty()) {
            return values;
        }
        JsonNode declared = template(task).path("interface").path("inputs");
        for (String pair : inputs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException(Exit.USAGE, "--input " + pair + ": expected NAME=VALUE");
            }
            String key = pair.substring(0, eq);
            values.set(key, value(declared.path(key).path("type"), pair.substring(eq + 1)));
        }
        return values;
    }

    /** Text for a text-like type; JSON (falling back to text) for numbers, booleans and collections. */
    private static JsonNode value(JsonNode type, String raw) {
        boolean text = type.isTextual() && !JSON_TYPES.contains(type.asText());
        if (!text) {
            try {
                return Output.JSON.readTree(raw);
            } catch (IOException e) {
                // not JSON: sent as text, and the API says what it expected
            }
        }
        return Output.JSON.getNodeFactory().textNode(raw);
    }

    private JsonNode template(TaskRef task) {
        if (task.version() != null) {
            return api().get("/api/v1/tasks/" + task.path() + "/" + ApiClient.q(task.version()));
        }
        JsonNode versions = api().get("/api/v1/tasks/" + task.path()).path("items");
        return versions.isEmpty() ? Output.JSON.createObjectNode() : versions.get(0);
    }
}
