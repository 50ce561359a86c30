package dev.kite.server.notebook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * Notebook tasks end to end: registered over REST, run by Debian's nbclient and a real python3
 * kernel, outputs and the executed notebook in the data store, timeouts and aborts killing the kernel.
 */
@QuarkusTest
class NotebookTasksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("../src/examples/notebook");

    /** The example task of src/examples/notebook, in {@code project}, its notebook inlined. */
    static String exampleTemplate(String project) throws IOException {
        ObjectNode t = (ObjectNode) JSON.readTree(EXAMPLE.resolve("sales-report.task.json").toFile());
        ((ObjectNode) t.get("id")).put("project", project);
        ((ObjectNode) t.get("config")).set("notebook", JSON.readTree(EXAMPLE.resolve("sales-report.ipynb").toFile()));
        return t.toString();
    }

    /** A file in the local data store (the only place a blob input may come from), as its URI. */
    static URI stored(String name, String content) throws IOException {
        Path root = ConfigProvider.getConfig().getValue("kite.storage.local.root", Path.class);
        Path file = root.resolve("tests").resolve(UUID.randomUUID().toString()).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file.toUri();
    }

    static String notebook(String... cells) throws IOException {
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 4);
        nb.putObject("metadata").putObject("kernelspec").put("name", "python3").put("language", "python");
        var list = nb.putArray("cells");
        for (String c : cells) {
            ObjectNode cell = list.addObject();
            cell.put("cell_type", "code").putNull("execution_count");
            cell.putArray("outputs");
            ObjectNode meta = cell.putObject("metadata");
            if (c.startsWith("#parameters\n")) {
                meta.putArray("tags").add("parameters");
            }
            cell.put("source", c);
        }
        return nb.toString();
    }

    @Test
    void theExampleNotebookRunsWithItsInputsInjectedAndItsOutputsTyped() throws IOException {
        String p = Api.project();
        Api.register(exampleTemplate(p));
        URI sales = stored("sales.csv", Files.readString(EXAMPLE.resolve("sales.csv")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "sales-report"},
                 "inputs": {"region": "north", "year": 2024, "growth": 0.1, "include_returns": true,
                            "targets": {"2024-01": 1000.0, "2024-03": 2000.0}, "sales": {"uri": "%s"}}}
                """.formatted(p, sales));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(3, e.getInt("outputs.months"));
        assertEquals("2024-03", e.getString("outputs.best_month"));
        assertEquals(3755.85, e.getDouble("outputs.total"), 1e-9);
        assertEquals(Map.of("2024-01", true, "2024-02", true, "2024-03", false), e.getMap("outputs.above_target"));
        assertEquals(1232.55f, e.getFloat("outputs.forecast.2024-01"), 1e-3);

        Path executed = Path.of(URI.create(e.getString("outputs.out_nb.uri")));
        JsonNode nb = JSON.readTree(executed.toFile());
        JsonNode injected = nb.get("cells").get(2);
        assertEquals("injected-parameters", injected.at("/metadata/tags/0").asText());
        assertEquals("# Parameters\ngrowth = 0.1\ninclude_returns = True\nregion = \"north\"\nsales = \""
                + injectedSalesPath(injected) + "\"\ntargets = {\"2024-01\": 1000.0, \"2024-03\": 2000.0}\nyear = 2024\n",
                source(injected));
        assertTrue(Files.readString(Path.of(URI.create(e.getString("outputs.out_rendered_nb.uri")))).contains("best month 2024-03"));
    }

    /** A cell's source, written by nbformat as a list of lines. */
    private static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        return s.isArray() ? String.join("", s.valueStream().map(JsonNode::asText).toList()) : s.asText();
    }

    private static String injectedSalesPath(JsonNode injected) {
        String source = source(injected);
        int at = source.indexOf("sales = \"") + "sales = \"".length();
        String path = source.substring(at, source.indexOf('"', at));
        assertTrue(path.endsWith("/inputs/sales/sales.csv"), path);
        return path;
    }

    @Test
    void aNotebookWhoseThirdCellRaisesFailsAsUserErrorAndKeepsTheExecutedNotebook() throws IOException {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "fails", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": {"n": {"type": "integer"}}},
                 "config": {"notebook": %s}}
                """.formatted(p, notebook("#parameters\nn = 1", "half = n / 2", "raise KeyError(f'no row {half}')", "print('after')")));
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "fails"}, "inputs": {"n": 5}}
                """.formatted(p)));
        assertEquals("FAILED", e.getString("phase"), e::prettify);
        assertEquals("NOTEBOOK_CELL_FAILED", e.getString("error.code"));
        assertEquals("USER", e.getString("error.kind"));
        String message = e.getString("error.message");
        assertTrue(message.contains("cell 2 (In [4]) raised KeyError: 'no row 2.5'\n"), message);
        assertTrue(message.contains("----> 1 raise KeyError(f'no row {half}')"), message);
        assertStoredFailedNotebook(message, "no row 2.5");
    }

    /**
     * The executed notebook and HTML that a failing cell's message names are stored: the notebook
     * marks the failing cell as papermill does (a notice at the top), the HTML shows {@code shown}.
     */
    static void assertStoredFailedNotebook(String message, String shown) throws IOException {
        String nbUri = message.substring(message.indexOf("executed notebook: ") + 19, message.indexOf(", HTML: "));
        String htmlUri = message.substring(message.indexOf(", HTML: ") + 8).strip();
        JsonNode nb = JSON.readTree(Path.of(URI.create(nbUri)).toFile());
        assertTrue(nb.toString().contains("\"exception\":true"), "the failing cell is marked");
        assertEquals("papermill-error-cell-tag", nb.at("/cells/0/metadata/tags/0").asText(), "the notice at the top");
        assertTrue(Files.readString(Path.of(URI.create(htmlUri))).contains(shown));
    }

    /** Whether /proc lists this process, not counting a zombie. */
    static boolean inProcessTable(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static String registerSleeper(String p) throws IOException {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "sleeps", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": {"pid_file": {"type": "string"}}},
                 "metadata": {"timeout": "PT45S"},
                 "config": {"notebook": %s}}
                """.formatted(p, notebook("#parameters\npid_file = ''", "import os, time\nopen(pid_file, 'w').write(str(os.getpid()))",
                "time.sleep(600)")));
        return "sleeps";
    }

    private static long kernelPid(Path pidFile) throws InterruptedException, IOException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(until)) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                return Long.parseLong(Files.readString(pidFile).strip());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the kernel did not start within 60 s");
    }

    private static void assertGoneWithinThreeSeconds(long pid) throws InterruptedException {
        Instant ended = Instant.now();
        while (inProcessTable(pid) && Duration.between(ended, Instant.now()).toMillis() < 3_000) {
            Thread.sleep(50);
        }
        assertFalse(inProcessTable(pid), "kernel process " + pid + " is still in the process table 3 s after the end");
    }

    @Test
    void aTimeoutKillsTheKernel() throws Exception {
        String p = Api.project();
        registerSleeper(p);
        Path pidFile = Files.createTempDirectory("kite-nb").resolve("kernel.pid");
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "sleeps"}, "inputs": {"pid_file": "%s"}}
                """.formatted(p, pidFile));
        long kernel = kernelPid(pidFile);
        assertTrue(inProcessTable(kernel));
        JsonPath e = Api.await(id);
        assertEquals("TIMED_OUT", e.getString("phase"), e::prettify);
        assertGoneWithinThreeSeconds(kernel);
    }

    @Test
    void anAbortKillsTheKernel() throws Exception {
        String p = Api.project();
        registerSleeper(p);
        Path pidFile = Files.createTempDirectory("kite-nb").resolve("kernel.pid");
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "sleeps"}, "inputs": {"pid_file": "%s"}}
                """.formatted(p, pidFile));
        long kernel = kernelPid(pidFile);
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertGoneWithinThreeSeconds(kernel);
        assertEquals("ABORTED", Api.await(id).getString("phase"));
    }

    @Test
    void aDeclaredInputWithoutParameterIsRefusedAtRegistration() throws IOException {
        String p = Api.project();
        Response r = given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "missing", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": {"n": {"type": "integer"}, "label": {"type": "string"}}},
                 "config": {"notebook": %s}}
                """.formatted(p, notebook("#parameters\nn = 1", "print(n)"))).post("/api/v1/tasks");
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(List.of("interface.inputs.label"), r.jsonPath().getList("errors.path"));
        assertTrue(r.jsonPath().getString("errors[0].message").contains("input 'label' has no parameter"), r.asString());
    }

    @Test
    void theRegistrationAnswerListsThePluginsWarnings() throws IOException {
        String p = Api.project();
        Response r = given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "extra", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": {"n": {"type": "integer"}}},
                 "config": {"notebook": %s}}
                """.formatted(p, notebook("#parameters\nn = 1\nlabel = 'x'", "print(n, label)"))).post("/api/v1/tasks");
        assertEquals(201, r.statusCode(), r.asString());
        assertEquals(List.of("config.notebook.cells[0]: parameter 'label' is no input of the task; it keeps its default"),
                r.jsonPath().getList("warnings"));
        assertFalse(given().get("/api/v1/tasks/" + p + "/development/extra/v1").asString().contains("warnings"),
                "warnings are answered, not stored");
    }

    private static Response registerStored(String p, String name, String inputs, URI uri) {
        return given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": %s, "outputs": {"twice": {"type": "integer"}}},
                 "config": {"notebookUri": "%s"}}
                """.formatted(p, name, inputs, uri)).post("/api/v1/tasks");
    }

    @Test
    void aNotebookInTheDataStoreIsCheckedAtRegistrationAndRuns() throws IOException {
        String p = Api.project();
        URI stored = stored("twice.ipynb", notebook("#parameters\nn = 1", "import kite\nkite.record(twice=n * 2)"));
        Response ok = registerStored(p, "stored", "{\"n\": {\"type\": \"integer\"}}", stored);
        assertEquals(201, ok.statusCode(), ok.asString());
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "stored"}, "inputs": {"n": 4}}
                """.formatted(p)));
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(8, e.getInt("outputs.twice"));

        Response missingParameter = registerStored(p, "stored-m", "{\"n\": {\"type\": \"integer\"}, \"k\": {\"type\": \"integer\"}}",
                stored);
        assertEquals(400, missingParameter.statusCode(), missingParameter.asString());
        assertEquals(List.of("interface.inputs.k"), missingParameter.jsonPath().getList("errors.path"));
    }

    @Test
    void aStoredNotebookThatIsMissingOrNoNotebookOrOutsideTheStoreIsA400NamingTheField() throws IOException {
        String p = Api.project();
        URI missing = URI.create(stored("x.ipynb", "{}").toString().replace("x.ipynb", "nothing-here.ipynb"));
        URI noJson = stored("secret.ipynb", "password=hunter2 and more text");
        URI noNotebook = stored("list.ipynb", "[1, 2, 3]");
        for (URI uri : List.of(missing, noJson, noNotebook, URI.create("file:///etc/passwd"))) {
            Response r = registerStored(p, "bad", "{}", uri);
            assertEquals(400, r.statusCode(), uri + ": " + r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals(List.of("config.notebookUri"), r.jsonPath().getList("errors.path"), r.asString());
            assertFalse(r.asString().contains("hunter2"), "the object's content is never echoed: " + r.asString());
        }
    }

    @Test
    void theExecutorPapermillWhereItIsNotInstalledIsASystemErrorNamingIt() throws IOException {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "pm", "version": "v1"}, "type": "notebook",
                 "metadata": {"retries": 0},
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"out_nb": {"type": {"blob": {}}}}},
                 "config": {"notebook": %s, "executor": "papermill"}}
                """.formatted(p, notebook("#parameters\nn = 1", "print(n)")));
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "pm"}, "inputs": {"n": 1}}
                """.formatted(p)));
        assertEquals("FAILED", e.getString("phase"), e::prettify);
        assertEquals("SYSTEM", e.getString("error.kind"));
        assertEquals("NOTEBOOK_NO_PAPERMILL", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("cannot import papermill"), e.getString("error.message"));
    }

    @Test
    void theExecutorAutoFallsBackToNbclientWherePapermillIsMissing() throws IOException {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "auto", "version": "v1"}, "type": "notebook",
                 "interface": {"inputs": {"n": {"type": "integer"}}, "outputs": {"out_nb": {"type": {"blob": {}}}}},
                 "config": {"notebook": %s, "executor": "auto"}}
                """.formatted(p, notebook("#parameters\nn = 1", "print(n)")));
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "auto"}, "inputs": {"n": 1}}
                """.formatted(p)));
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        JsonNode nb = JSON.readTree(Path.of(URI.create(e.getString("outputs.out_nb.uri"))).toFile());
        assertEquals("nbclient", nb.at("/metadata/kite/executor").asText());
    }

    @Test
    void anUnknownExecutorIsA400NamingTheField() throws IOException {
        Response r = given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "ex", "version": "v1"}, "type": "notebook",
                 "config": {"notebook": %s, "executor": "jupyter"}}
                """.formatted(Api.project(), notebook("print(1)"))).post("/api/v1/tasks");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals(List.of("config.executor"), r.jsonPath().getList("errors.path"));
    }
}
