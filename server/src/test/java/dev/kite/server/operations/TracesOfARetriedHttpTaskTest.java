package dev.kite.server.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.http.TestServer;

/**
 * With tracing on, an http task whose first call gets a 503 and whose retry succeeds is one trace:
 * the execution's span, attempt 0 (FAILED) and attempt 1 (SUCCEEDED) under it, the plugin's run
 * under each attempt and the HTTP request under each run; the remote service receives the W3C
 * {@code traceparent} of its request's span, so its own spans join the trace.
 */
@QuarkusTest
@TestProfile(TracingOnProfile.class)
class TracesOfARetriedHttpTaskTest {

    private static final AttributeKey<String> EXECUTION = AttributeKey.stringKey("kite.execution.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("kite.attempt.number");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("kite.attempt.outcome");

    static TestServer server;
    static final AtomicInteger calls = new AtomicInteger();

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> calls.incrementAndGet() == 1 ? TestServer.Reply.json(503, "{\"detail\": \"warming up\"}")
                : TestServer.Reply.json(200, "{\"result\": \"done\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aRetriedExecutionIsOneTraceAndTheServiceJoinsIt() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "flaky", "version": "v1"}, "type": "http",
                 "interface": {"outputs": {"result": {"type": "string"}}},
                 "metadata": {"retries": 0},
                 "config": {"method": "GET", "url": "%s", "outputs": {"result": "/result"}}}
                """.formatted(p, server.url("/work")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "flaky"}, "inputs": {}}""".formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());

        SpanData execution = awaitExecutionSpan(id);
        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(execution.getTraceId())).toList();
        List<SpanData> attempts = children(trace, execution, "kite.attempt");
        assertEquals(2, attempts.size(), names(trace).toString());
        List<String> seen = server.received().stream().map(r -> r.header("traceparent")).toList();
        assertEquals(2, seen.size());
        for (int n = 0; n < 2; n++) {
            int number = n;
            SpanData attempt = attempts.stream().filter(a -> a.getAttributes().get(ATTEMPT) == number).findFirst().orElseThrow();
            assertEquals(n == 0 ? "FAILED" : "SUCCEEDED", attempt.getAttributes().get(OUTCOME));
            List<SpanData> runs = children(trace, attempt, "kite.plugin.run");
            assertEquals(1, runs.size(), names(trace).toString());
            List<SpanData> requests = children(trace, runs.get(0), "HTTP GET");
            assertEquals(1, requests.size(), names(trace).toString());
            SpanData request = requests.get(0);
            assertEquals("00-" + request.getTraceId() + "-" + request.getSpanId() + "-01", seen.get(n),
                    "the request of attempt " + n + " carries its span's traceparent");
        }
        assertTrue(execution.getParentSpanContext().isValid()
                ? trace.stream().anyMatch(s -> s.getSpanId().equals(execution.getParentSpanId())) : true,
                "the execution's span is a root or a child of the submitting request's span");
    }

    private SpanData awaitExecutionSpan(String id) {
        for (int i = 0; i < 100; i++) {
            Optional<SpanData> found = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("kite.execution") && id.equals(s.getAttributes().get(EXECUTION))).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Api.pause();
        }
        throw new AssertionError("no span of execution " + id + " exported: " + names(spans.getFinishedSpanItems()));
    }

    private static List<SpanData> children(List<SpanData> spans, SpanData parent, String name) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()) && s.getName().equals(name)).toList();
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getName() + "<" + s.getParentSpanId()).toList();
    }
}
