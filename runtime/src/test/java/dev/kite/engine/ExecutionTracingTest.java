package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * The span tree of a retried execution: the execution's span, under it attempt 0 (failed) and
 * attempt 1 (succeeded), under each attempt its plugin calls; the plugin sees its call's
 * traceparent and the execution's MDC; a floor without a tracer records nothing.
 */
class ExecutionTracingTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Floor floor = new Floor(provider.get("kite-test"));

    @AfterEach
    void close() {
        provider.close();
    }

    private String job(UUID id, int attempt) {
        return floor.attempts(id).get(attempt).path("name").asText();
    }

    private UUID retriedExecution() {
        UUID id = floor.submit(floor.task("p", "remote", "{\"retries\": 1}"), 1);
        floor.remote.status.put(job(id, 0), TaskStatus.failed(TaskError.userRecoverable("JOB", "job failed")));
        floor.advance(200); // attempt 0 polled: failed, retry in 100 ms
        floor.advance(100); // attempt 1 submitted
        floor.remote.status.put(job(id, 1), TaskStatus.succeeded(TestPlugins.out(1)));
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        return id;
    }

    @Test
    void aRetriedExecutionIsOneTreeOfExecutionAttemptsAndPluginCalls() {
        UUID id = retriedExecution();
        List<SpanData> spans = exporter.getFinishedSpanItems();
        SpanData execution = only(spans, "kite.execution");
        assertEquals(id.toString(), execution.getAttributes().get(Tracing.EXECUTION));
        assertEquals("SUCCEEDED", execution.getAttributes().get(Tracing.PHASE));
        assertTrue(spans.stream().allMatch(s -> s.getTraceId().equals(execution.getTraceId())), "one trace");

        List<SpanData> attempts = children(spans, execution);
        assertEquals(List.of("kite.attempt", "kite.attempt"), attempts.stream().map(SpanData::getName).toList());
        SpanData first = attempts.stream().filter(a -> a.getAttributes().get(Tracing.ATTEMPT) == 0).findFirst().orElseThrow();
        SpanData second = attempts.stream().filter(a -> a.getAttributes().get(Tracing.ATTEMPT) == 1).findFirst().orElseThrow();
        assertEquals("FAILED", first.getAttributes().get(Tracing.OUTCOME));
        assertEquals("JOB", first.getAttributes().get(Tracing.ERROR));
        assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
        assertEquals("none", first.getAttributes().get(Tracing.BUDGET));
        assertEquals("SUCCEEDED", second.getAttributes().get(Tracing.OUTCOME));
        assertEquals("user", second.getAttributes().get(Tracing.BUDGET), "the retry is paid by the user budget");
        assertEquals("remote", second.getAttributes().get(Tracing.TYPE));

        assertEquals(List.of("kite.plugin.poll", "kite.plugin.submit"), names(children(spans, first)));
        assertEquals(List.of("kite.plugin.poll", "kite.plugin.submit"), names(children(spans, second)));
        assertTrue(first.getEndEpochNanos() <= second.getStartEpochNanos(), "attempt 1 starts after attempt 0 ended");
    }

    @Test
    void thePluginSeesItsCallsTraceparentAndTheExecutionsMdc() {
        UUID id = retriedExecution();
        List<SpanData> spans = exporter.getFinishedSpanItems();
        List<String> submits = spans.stream().filter(s -> s.getName().equals("kite.plugin.submit"))
                .map(s -> "submit 00-" + s.getTraceId() + "-" + s.getSpanId() + "-01 " + id).sorted().toList();
        List<String> seenSubmits = floor.remote.seen.stream().filter(s -> s.startsWith("submit"))
                .map(s -> s.substring(0, s.lastIndexOf(' '))).sorted().toList();
        assertEquals(submits, seenSubmits, "each submit got the traceparent of its own span");
        assertEquals(List.of("submit " + id + " 0", "poll " + id + " 0", "submit " + id + " 1", "poll " + id + " 1"),
                floor.remote.seen.stream().map(s -> s.replaceAll(" 00-[0-9a-f-]+", "")).distinct().toList());
        assertNull(MDC.get(ExecutionMdc.EXECUTION), "the MDC is put back after each step");
    }

    @Test
    void withoutATracerNothingIsRecordedAndPluginsSeeNoTraceparent() {
        Floor untraced = new Floor();
        UUID id = untraced.submit(untraced.task("p", "remote", "{}"), 1);
        untraced.remote.status.put(untraced.attempts(id).get(0).path("name").asText(), TaskStatus.succeeded(TestPlugins.out(1)));
        untraced.advance(1_000);
        assertEquals("SUCCEEDED", untraced.phase(id));
        assertTrue(untraced.remote.seen.stream().allMatch(s -> s.contains(" none ")), untraced.remote.seen.toString());
        assertTrue(exporter.getFinishedSpanItems().isEmpty());
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static List<SpanData> children(List<SpanData> spans, SpanData parent) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).collect(Collectors.toList());
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).distinct().sorted().toList();
    }
}
