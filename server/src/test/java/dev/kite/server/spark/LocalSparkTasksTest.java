package dev.kite.server.spark;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The {@code spark} task type in local mode, with real Spark in a child JVM ({@code kite.spark.mode=local}:
 * the operator plugin gives way to the local one). One Spark launch per scenario (local[1], a few
 * lines of data).
 */
@QuarkusTest
@TestProfile(LocalSparkTasksTest.LocalMode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalSparkTasksTest {

    /** Local mode, whether or not an earlier test in this JVM left a cluster configured. */
    public static class LocalMode implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("kite.spark.mode", "local");
        }
    }

    static final Duration SPARK = Duration.ofMinutes(6);
    /** Runs until killed: a cross join of a million rows with a million rows. */
    static final String FOREVER = "SELECT sum(a.id * b.id) AS s FROM range(1000000) a CROSS JOIN range(1000000) b";

    String project;

    @BeforeEach
    void start() {
        if (project == null) {
            project = Api.project();
        }
    }

    String run(String name, String inputs) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": %s}
                """.formatted(project, name, inputs));
    }

    static Path storeRoot() {
        return Path.of(ConfigProvider.getConfig().getOptionalValue("kite.storage.local.root", String.class)
                .orElse(System.getProperty("user.home") + "/.local/share/kite/data"));
    }

    /** Child JVMs of this test's Kite running the attempt. */
    static List<ProcessHandle> sparkProcesses(String attempt) {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("-Dkite.attempt=" + attempt)).toList();
    }

    @Test
    void aWordCountOverADatasetWritesAParquetDataset() throws IOException {
        Path in = storeRoot().resolve("inputs/" + UUID.randomUUID() + "/lines");
        Files.createDirectories(in);
        Files.writeString(in.resolve("part-0.txt"), "the cat and the hat\ndon't stop the cat\n", StandardCharsets.UTF_8);
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "wc", "version": "v1"},
                 "type": "spark", "metadata": {"retries": 0},
                 "interface": {
                   "inputs": {"lines": {"type": {"dataset": {"format": "text"}}}, "min": {"type": "integer"},
                              "skip": {"type": "string"}},
                   "outputs": {"counts": {"type": {"dataset": {"format": "parquet"}}}, "distinct": {"type": "integer"},
                               "top": {"type": "string"}}},
                 "config": {
                   "sql": ["CREATE OR REPLACE TEMP VIEW words AS SELECT word FROM (SELECT explode(split(value, ' ')) AS word FROM lines) WHERE word != ''"],
                   "outputs": {
                     "counts": "SELECT word, count(*) AS n FROM words GROUP BY word HAVING count(*) >= :min",
                     "distinct": "SELECT count(DISTINCT word) FROM words WHERE word != :skip",
                     "top": "SELECT word FROM words GROUP BY word ORDER BY count(*) DESC, word LIMIT 1"}}}
                """.formatted(project));
        // the string input holds a quote: bound as a parameter, never pasted into the SQL
        String id = run("wc", """
                {"lines": {"uri": "%s"}, "min": 2, "skip": "don't"}""".formatted(in.toUri()));
        JsonPath e = Eventually.ended(id, SPARK);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals("the", e.getString("outputs.top"));
        assertEquals(5, e.getInt("outputs.distinct"), "the, cat, and, hat, stop: don't is skipped");
        String counts = e.getString("outputs.counts.uri");
        assertEquals("parquet", e.getString("outputs.counts.format"));
        Path out = Path.of(java.net.URI.create(counts));
        assertTrue(out.startsWith(storeRoot().resolve("raw")), "under the attempt's raw output location: " + out);
        List<Path> parts;
        try (var files = Files.list(out)) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        }
        assertFalse(parts.isEmpty(), "Parquet files in " + out);
        for (Path p : parts) {
            try (InputStream s = Files.newInputStream(p)) {
                assertArrayEquals("PAR1".getBytes(StandardCharsets.US_ASCII), s.readNBytes(4), p + " is Parquet");
            }
        }
        Path log = out.getParent().resolve("driver.log");
        assertTrue(Files.readString(log).contains("SparkContext"), "the job's output is the attempt's log: " + log);
        assertTrue(sparkProcesses(e.getString("attempts[0].name")).isEmpty(), "the child JVM ended");
    }

    @Test
    void anAbortKillsTheChildJvm() {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "forever", "version": "v1"},
                 "type": "spark", "metadata": {"retries": 0},
                 "interface": {"outputs": {"s": {"type": "integer"}}},
                 "config": {"sql": [], "outputs": {"s": "%s"}}}
                """.formatted(project, FOREVER));
        String id = run("forever", "{}");
        String[] attempt = new String[1];
        Eventually.await(() -> {
            JsonPath e = given().get("/api/v1/executions/" + id).then().extract().jsonPath();
            attempt[0] = e.getString("attempts[0].name");
            return attempt[0] != null && !sparkProcesses(attempt[0]).isEmpty();
        }, Duration.ofSeconds(60), "the child JVM of " + id + " started");
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals("ABORTED", Eventually.ended(id, Duration.ofSeconds(60)).getString("phase"));
        Eventually.await(() -> sparkProcesses(attempt[0]).isEmpty(), Duration.ofSeconds(30), "the child JVM is gone");
    }

    @Test
    void aTimeoutKillsTheChildJvm() {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "too-slow", "version": "v1"},
                 "type": "spark", "metadata": {"retries": 0, "timeout": "PT3S"},
                 "interface": {"outputs": {"s": {"type": "integer"}}},
                 "config": {"sql": [], "outputs": {"s": "%s"}}}
                """.formatted(project, FOREVER));
        String id = run("too-slow", "{}");
        JsonPath e = Eventually.ended(id, Duration.ofSeconds(60));
        assertEquals("TIMED_OUT", e.getString("phase"), e.prettify());
        String attempt = e.getString("attempts[0].name");
        Eventually.await(() -> sparkProcesses(attempt).isEmpty(), Duration.ofSeconds(30), "the child JVM is gone");
    }

    @Test
    void theLocalPluginServesSpark() {
        given().get("/api/v1/plugins").then().statusCode(200)
                .body("find { it.name == 'spark-local' }.healthy", org.hamcrest.Matchers.is(true))
                .body("find { it.name == 'spark-operator' }.healthy", org.hamcrest.Matchers.is(false));
    }

    @Test
    void sqlModeNeedsAQueryForEveryOutput() {
        given().contentType(io.restassured.http.ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "half", "version": "v1"},
                 "type": "spark", "interface": {"outputs": {"a": {"type": "integer"}, "b": {"type": "integer"}}},
                 "config": {"sql": [], "outputs": {"a": "SELECT 1", "c": "SELECT 2"}}}
                """.formatted(project)).post("/api/v1/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("config.outputs.b"))
                .body(org.hamcrest.Matchers.containsString("config.outputs.c"));
    }
}
