package dev.kite.server.cli;

import static dev.kite.server.cli.Cli.kite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.junit.QuarkusTest;

import dev.kite.server.Api;

/** The {@code kite} command line against a real Kite: every command, its JSON output, its exit codes. */
@QuarkusTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private String registerTasks() throws Exception {
        String p = Api.project();
        Files.writeString(dir.resolve("echo.yaml"), """
                id: {project: %s, domain: development, name: echo, version: v1}
                type: echo
                interface:
                  inputs: {text: {type: string}, n: {type: float}}
                  outputs: {text: {type: string}, n: {type: float}}
                config: {prefix: "> "}
                ---
                id: {project: %s, domain: development, name: flaky, version: v1}
                type: scripted
                interface:
                  inputs: {script: {type: {collection: string}}}
                  outputs: {attempt: {type: integer}}
                metadata: {retries: 3}
                """.formatted(p, p));
        Files.writeString(dir.resolve("hangs.json"), """
                {"id": {"project": "%s", "domain": "development", "name": "hangs", "version": "v1"}, "type": "scripted",
                 "interface": {"inputs": {"script": {"type": {"collection": "string"}}}, "outputs": {"attempt": {"type": "integer"}}}}
                """.formatted(p));
        Cli.Result r = kite("register", "-f", dir.toString(), "-o", "json");
        assertEquals(0, r.code(), r.toString());
        List<String> names = new ArrayList<>();
        r.json().forEach(t -> names.add(t.path("id").path("name").asText()));
        assertEquals(List.of("echo", "flaky", "hangs"), names);
        return p;
    }

    @Test
    void registerGetRunAndReadOutputs() throws Exception {
        String p = registerTasks();
        Cli.Result table = kite("get", "tasks", "-p", p);
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().startsWith("PROJECT"), table.out());
        assertTrue(table.out().contains("flaky") && table.out().contains("scripted"), table.out());
        assertEquals(3, kite("get", "tasks", "-p", p, "-o", "json").json().path("items").size());
        JsonNode task = YAML.readTree(kite("get", "task", p + "/development/echo:v1", "-o", "yaml").out());
        assertEquals("echo", task.path("type").asText());
        Cli.Result versions = kite("get", "task", p + "/development/echo", "-o", "json");
        assertEquals(0, versions.code(), versions.toString());
        assertEquals("v1", versions.json().path("items").get(0).path("id").path("version").asText(), "the versions, newest first");

        Cli.Result run = kite("run", p + "/development/echo", "--input", "text=42", "--input", "n=2.5", "--wait", "-o", "json");
        assertEquals(0, run.code(), run.toString());
        JsonNode e = run.json();
        assertEquals("SUCCEEDED", e.path("phase").asText());
        assertEquals("> 42", e.path("outputs").path("text").asText(), "a string input stays text");
        assertEquals(2.5, e.path("outputs").path("n").asDouble());

        String id = e.path("id").asText();
        Cli.Result shown = kite("get", "execution", id);
        assertEquals(0, shown.code(), shown.toString());
        assertTrue(shown.out().contains(id) && shown.out().contains("SUCCEEDED") && shown.out().contains("outputs:"), shown.out());
        JsonNode page = kite("get", "executions", "-p", p, "-o", "json").json();
        assertEquals(id, page.path("items").get(0).path("id").asText());
        JsonNode named = kite("run", p + "/development/echo", "--input", "text=once", "--input", "n=1", "--name", "only-once",
                "--overwrite-cache", "-o", "json").json();
        assertTrue(named.path("overwriteCache").asBoolean(), named.toString());
        assertEquals(named.path("id"), kite("run", p + "/development/echo", "--input", "text=once", "--input", "n=1", "--name",
                "only-once", "--overwrite-cache", "-o", "json").json().path("id"), "the same client name answers the same execution");
        Files.writeString(dir.resolve("inputs.yaml"), "text: from a file\nn: 1\n");
        JsonNode fromFile = kite("run", p + "/development/echo:v1", "--inputs-file", dir.resolve("inputs.yaml").toString(),
                "--wait", "-o", "json").json();
        assertEquals("> from a file", fromFile.path("outputs").path("text").asText());
    }

    @Test
    void watchShowsTheRetriesAndTheExitCodeTellsTheEnd() throws Exception {
        String p = registerTasks();
        Cli.Result watched = kite("run", p + "/development/flaky", "--input", "script=[\"user\",\"user\",\"ok\"]", "--watch");
        assertEquals(0, watched.code(), watched.toString());
        long retries = watched.out().lines().filter(l -> l.contains("RETRY_SCHEDULED") && l.contains("retry:")).count();
        assertEquals(2, retries, watched.out());
        assertTrue(watched.out().contains("attempt 2"), watched.out());
        assertTrue(watched.out().contains("outputs:") && watched.out().contains("attempt: 2"), watched.out());

        Cli.Result failed = kite("run", p + "/development/flaky", "--input", "script=[\"user-fatal\"]", "--watch");
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.out().contains("error: USER BAD_INPUT"), failed.out());
        String id = kite("run", p + "/development/flaky", "--input", "script=[\"user-fatal\"]", "-o", "json").json().path("id").asText();
        Cli.Result again = kite("watch", id, "-o", "json");
        assertEquals(1, again.code(), again.toString());
        assertEquals("FAILED", again.json().path("phase").asText());
    }

    @Test
    void abortCacheAndPlugins() throws Exception {
        String p = registerTasks();
        String id = kite("run", p + "/development/hangs", "--input", "script=[\"hang\"]", "-o", "json").json().path("id").asText();
        Cli.Result aborted = kite("abort", id, "-o", "json");
        assertEquals(0, aborted.code(), aborted.toString());
        assertEquals("ABORTED", aborted.json().path("phase").asText());
        Cli.Result evicted = kite("cache", "evict", p + "/development/echo", "-o", "json");
        assertEquals(0, evicted.code(), evicted.toString());
        assertTrue(evicted.json().path("removed").isNumber(), evicted.out());
        Cli.Result byKey = kite("cache", "evict", "--key", "0000000000000000000000000000000000000000000000000000000000000000", "-o", "json");
        assertEquals(0, byKey.code(), byKey.toString());
        assertEquals(0, byKey.json().path("removed").asInt(), "no entry under that key");
        assertEquals(2, kite("cache", "evict").code(), "a task or a --key");
        Cli.Result plugins = kite("plugins", "-o", "json");
        assertEquals(0, plugins.code(), plugins.toString());
        List<String> names = new ArrayList<>();
        plugins.json().forEach(n -> n.path("taskTypes").forEach(t -> names.add(t.asText())));
        assertTrue(names.contains("echo") && names.contains("scripted"), names.toString());
        assertTrue(kite("completion").out().contains("complete -F"), "a bash completion script");
    }

    @Test
    void problemsShowTheirFieldPathsAndExitCodes() throws Exception {
        String p = registerTasks();
        Cli.Result bad = kite("run", p + "/development/echo", "--input", "text=hi", "--input", "n=lots");
        assertEquals(3, bad.code(), bad.toString());
        assertTrue(bad.err().contains("inputs.n: "), bad.err());
        Files.writeString(dir.resolve("broken.yaml"), "id: {project: " + p + ", domain: development, name: x, version: v1}\ntype: echo\n"
                + "interface: {inputs: {a: {type: strnig}}}\n");
        Cli.Result invalid = kite("register", "-f", dir.resolve("broken.yaml").toString());
        assertEquals(3, invalid.code(), invalid.toString());
        assertTrue(invalid.err().contains("interface.inputs.a.type"), invalid.err());
        assertEquals(3, kite("get", "execution", "00000000-0000-0000-0000-000000000000").code());
        assertEquals(2, kite("run", "not-a-task-ref").code());
        assertEquals(2, kite("get", "nothing").code());
        Map<String, String> env = Cli.env(dir);
        env.put("KITE_API_KEY", "kite_wrong-key-000000000000000");
        Cli.Result denied = kite(env, "get", "tasks", "-p", p);
        assertEquals(4, denied.code(), denied.toString());
        env.put("KITE_SERVER", "http://127.0.0.1:1");
        assertEquals(5, kite(env, "get", "tasks", "-p", p).code());
    }

    @Test
    void contextsOfTheConfigFile() throws Exception {
        String p = registerTasks();
        Path config = dir.resolve(".config/kite/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(dir.resolve("key"), dev.kite.server.security.BootstrapKey.VALUE + "\n");
        Files.writeString(config, """
                current-context: nowhere
                contexts:
                  nowhere: {server: "http://127.0.0.1:1"}
                  test: {server: "http://localhost:%d", api-key-file: "%s"}
                """.formatted(io.restassured.RestAssured.port, dir.resolve("key")));
        Map<String, String> env = Map.of("HOME", dir.toString());
        assertEquals(5, kite(env, "get", "tasks", "-p", p).code(), "the current context");
        Cli.Result chosen = kite(env, "--context", "test", "get", "tasks", "-p", p, "-o", "json");
        assertEquals(0, chosen.code(), chosen.toString());
        assertEquals(3, chosen.json().path("items").size());
        assertEquals(2, kite(env, "--context", "gone", "get", "tasks", "-p", p).code());
    }
}
