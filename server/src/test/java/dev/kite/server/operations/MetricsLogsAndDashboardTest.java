package dev.kite.server.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.http.TestServer;

/**
 * What an operator sees of executions of every task type this server runs without an outside
 * system (java, http, sql on DuckDB, a sync and an async test plugin): the histograms and gauges in
 * {@code /q/metrics}; every metric the Grafana dashboard ({@code src/main/grafana}) queries exists;
 * the log lines logged on an execution's behalf carry its id, task and attempt in the MDC; one
 * INFO line per end; readiness lists each plugin's health.
 */
@QuarkusTest
class MetricsLogsAndDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "src", "main", "grafana", "kite-dashboard.json");
    static TestServer server;
    static final List<ExtLogRecord> RECORDS = new ArrayList<>();
    static final ExtHandler CAPTURE = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll(); // the MDC as it is while the line is logged
            synchronized (RECORDS) {
                RECORDS.add(record);
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> TestServer.Reply.json(200, "{\"ok\": true}"));
        LogContext.getLogContext().getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() throws Exception {
        LogContext.getLogContext().getLogger("").removeHandler(CAPTURE);
        server.close();
    }

    private static String sqlExample(String project) throws Exception {
        try (InputStream in = MetricsLogsAndDashboardTest.class.getResourceAsStream("/examples/sales-by-region.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"project\": \"examples\"",
                    "\"project\": \"" + project + "\"");
        }
    }

    /** One execution of each task type; the scripted one fails once and is retried; slow-fib looks up the cache (a hit or not). */
    private static Map<String, String> runEveryType() throws Exception {
        String p = Api.project();
        Api.register(sqlExample(p));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "ping", "version": "v1"}, "type": "http",
                 "interface": {"outputs": {"status": {"type": "integer"}}},
                 "config": {"method": "GET", "url": "%s", "outputs": {"status": "status"}}}
                """.formatted(p, server.url("/ping")));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "job", "version": "v1"}, "type": "flaky-async",
                 "interface": {"inputs": {"failSubmits": {"type": "integer"}, "failPolls": {"type": "integer"},
                                          "polls": {"type": "integer"}},
                               "outputs": {"job": {"type": "string"}}}}""".formatted(p));
        Api.scripted(p, "flaky", "{\"retries\": 1, \"retryBackoff\": {\"initial\": \"PT0.05S\"}}");
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("java", Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "word-count"}, "inputs": {"text": "a b a"}}"""));
        ids.put("cached", Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 3}}"""));
        ids.put("http", Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "ping"}, "inputs": {}}""".formatted(p)));
        ids.put("sql", Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "sales-by-region"},
                 "inputs": {"region": "north", "min_amount": 100}}""".formatted(p)));
        ids.put("flaky-async", Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "job"},
                 "inputs": {"failSubmits": 0, "failPolls": 0, "polls": 1}}""".formatted(p)));
        ids.put("scripted", Api.runScript(p, "flaky", "user", "ok"));
        for (Map.Entry<String, String> e : ids.entrySet()) {
            JsonPath done = Api.await(e.getValue());
            assertEquals("SUCCEEDED", done.getString("phase"), e.getKey() + ": " + done.prettify());
        }
        return ids;
    }

    @Test
    void metricsTheDashboardLogsAndReadiness() throws Exception {
        Map<String, String> ids = runEveryType();
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();

        for (String type : List.of("java", "http", "sql", "flaky-async", "scripted")) {
            assertTrue(series(metrics, "kite_attempt_duration_seconds_bucket").stream()
                    .anyMatch(l -> l.contains("type=\"" + type + "\"") && l.contains("outcome=\"SUCCEEDED\"")),
                    "attempt durations of " + type);
        }
        assertTrue(series(metrics, "kite_attempt_duration_seconds_count").stream()
                .anyMatch(l -> l.contains("type=\"scripted\"") && l.contains("outcome=\"FAILED\"")), "the failed attempt");
        assertTrue(series(metrics, "kite_queue_wait_seconds_bucket").stream().anyMatch(l -> l.contains("le=\"0.01\"")),
                "fixed buckets: " + series(metrics, "kite_queue_wait_seconds_bucket"));
        assertTrue(series(metrics, "kite_execution_duration_seconds_count").stream()
                .anyMatch(l -> l.contains("project=\"examples\"") && l.contains("domain=\"development\"") && l.contains("task=\"other\"")));
        assertTrue(series(metrics, "kite_cache_lookup_seconds_count").stream().anyMatch(l -> l.contains("result=")));
        assertTrue(series(metrics, "kite_database_call_seconds_count").stream().anyMatch(l -> l.contains("outcome=\"success\"")));
        assertTrue(series(metrics, "kite_redis_call_seconds_count").stream().anyMatch(l -> l.contains("command=\"GET\"")));
        for (String counter : List.of("kite_executions_total", "kite_attempts_total", "kite_retries_total", "kite_timeouts_total",
                "kite_guard_retries_total", "kite_cache_lookups_total", "kite_cache_puts_total", "kite_store_commits_total",
                "kite_store_writes_total")) {
            assertTrue(metrics.contains("# HELP " + counter + " ") && !metrics.contains("# HELP " + counter + " \n"),
                    counter + " has a help text");
        }

        Set<String> missing = new TreeSet<>();
        for (String name : dashboardMetrics()) {
            if (series(metrics, name).isEmpty()) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "the dashboard queries metrics that do not exist: " + missing);

        assertMdc(ids.get("scripted"), "dev.kite.server.ScriptedPlugin", List.of("0", "1"));
        assertEndLine(ids.get("scripted"), "SUCCEEDED", "2 attempts");

        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("up", ready.getString("checks.find { it.name == 'Plugins' }.data.http"));
        assertTrue(ready.getString("checks.find { it.name == 'Plugins' }.data.broken").startsWith("down: "),
                "the plugin whose start-up check fails: " + ready.prettify());
    }

    /** The plugin's lines of each attempt carry the execution's id, task and the attempt's number. */
    private static void assertMdc(String id, String logger, List<String> attempts) {
        List<ExtLogRecord> lines;
        synchronized (RECORDS) {
            lines = RECORDS.stream().filter(r -> logger.equals(r.getLoggerName()) && r.getFormattedMessage().contains(id)).toList();
        }
        assertEquals(attempts, lines.stream().map(r -> r.getMdc("attempt")).toList(), "one line per attempt");
        for (ExtLogRecord r : lines) {
            assertEquals(id, r.getMdc("executionId"), r.getFormattedMessage());
            assertTrue(r.getMdc("taskId").endsWith("/development/flaky/v1"), r.getMdc("taskId"));
        }
    }

    private static void assertEndLine(String id, String phase, String attempts) {
        List<ExtLogRecord> ends;
        synchronized (RECORDS) {
            ends = RECORDS.stream().filter(r -> "dev.kite.engine.ExecutionLog".equals(r.getLoggerName())
                    && id.equals(r.getMdc("executionId"))).toList();
        }
        assertEquals(1, ends.size(), "one line per execution end");
        String line = ends.get(0).getFormattedMessage();
        assertTrue(line.contains(id) && line.contains("ended " + phase) && line.contains(attempts) && line.contains("(cache "), line);
    }

    /** The metric names in the dashboard's queries. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bkite_[a-z_]+");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        assertTrue(names.size() > 10, "the dashboard queries Kite's metrics: " + names);
        return names;
    }

    private static List<String> series(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }
}
