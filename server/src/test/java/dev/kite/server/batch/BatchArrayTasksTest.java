package dev.kite.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.plugin.batch.FakeBatch;
import dev.kite.server.Api;

/**
 * Array jobs end to end (REST → engine → batch plugin → {@link FakeBatch}): Kite writes each element
 * of the collection to the object store under the attempt's raw output prefix; the fake's children
 * (standing in for the containers) read their element from {@code KITE_ARRAY_INPUTS}, fail on a
 * negative one and write its square to {@code KITE_ARRAY_OUTPUTS}; {@code minSuccesses: 0.9} decides.
 */
@QuarkusTest
@WithTestResource(FakeBatchResource.class)
class BatchArrayTasksTest {

    String project;

    @BeforeEach
    void start() {
        project = Api.project();
        FakeBatch fake = FakeBatchResource.fake();
        fake.scriptBySubmit(submit -> FakeBatch.SUCCEEDS);
        fake.children(BatchArrayTasksTest::child);
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "squares", "version": "v1"},
                 "type": "batch",
                 "interface": {"inputs": {"numbers": {"type": {"collection": "integer"}}},
                               "outputs": {"squares": {"type": {"collection": {"union": ["integer", "none"]}}}}},
                 "metadata": {"retries": 0},
                 "config": {"queue": "cpu-queue", "jobDefinition": "squarer:1", "arrayInput": "numbers",
                            "minSuccesses": 0.9, "command": ["python", "square.py"]}}
                """.formatted(project));
    }

    /** A child's container: its element from the store, its square back to the store; a negative element fails. */
    static boolean child(JsonNode submit, int index) {
        try {
            Path in = Path.of(URI.create(FakeBatch.env(submit, "KITE_ARRAY_INPUTS") + index + ".json"));
            long n = Long.parseLong(Files.readString(in));
            if (n < 0) {
                return false;
            }
            Path out = Path.of(URI.create(FakeBatch.env(submit, "KITE_ARRAY_OUTPUTS") + index + ".json"));
            Files.createDirectories(out.getParent());
            Files.writeString(out, Long.toString(n * n));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 0..249, the elements at {@code failing} negated (those children fail). */
    static String run(String project, Set<Integer> failing) {
        String numbers = IntStream.range(0, 250).mapToObj(i -> Integer.toString(failing.contains(i) ? -i - 1 : i))
                .collect(Collectors.joining(","));
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "squares"}, "inputs": {"numbers": [%s]}}
                """.formatted(project, numbers));
    }

    static JsonNode submitOf(String execution) {
        List<FakeBatch.Call> submits = FakeBatchResource.fake().calls("submitjob").stream()
                .filter(c -> c.body().path("tags").path("kite:execution").asText().equals(execution)).toList();
        assertEquals(1, submits.size(), "one array job for the execution");
        return submits.get(0).body();
    }

    @Test
    void tenFailingChildrenOf250MeetMinSuccessesAndAreListed() {
        Set<Integer> failing = Set.of(3, 17, 40, 41, 99, 120, 150, 199, 200, 249);
        String id = run(project, failing);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());

        String message = e.getString("attempts[0].message");
        assertTrue(message.startsWith("240/250 children succeeded (225 needed); failed: 3: "), message);
        for (int i : failing) {
            assertTrue(message.contains(i + ": Essential container in task exited"), "child " + i + " listed: " + message);
        }
        List<Object> squares = e.getList("outputs.squares");
        assertEquals(250, squares.size());
        assertNull(squares.get(3), "a failed child has no output");
        assertEquals(16, ((Number) squares.get(4)).intValue());
        assertEquals(248 * 248, ((Number) squares.get(248)).intValue(), "outputs in child order");

        JsonNode submit = submitOf(id);
        assertEquals(250, submit.path("arrayProperties").path("size").asInt());
        String inputs = FakeBatch.env(submit, "KITE_ARRAY_INPUTS");
        assertTrue(inputs.startsWith("file:") && inputs.contains("/" + id + "/0/") && inputs.endsWith("/array/inputs/"),
                "the elements are under the attempt's raw output prefix: " + inputs);
        // children were described as <parent>:<index>, at most 100 ids a call
        String jobId = e.getString("attempts[0].handle.jobId");
        List<FakeBatch.Call> childCalls = FakeBatchResource.fake().calls("describejobs").stream()
                .filter(c -> c.body().path("jobs").toString().contains(jobId + ":")).toList();
        assertTrue(childCalls.size() >= 3, "250 children need at least three calls: " + childCalls.size());
        childCalls.forEach(c -> assertTrue(c.body().path("jobs").size() <= 100, c.body().path("jobs").size() + " ids"));
    }

    @Test
    void thirtyFailingChildrenOf250FailTheExecution() {
        Set<Integer> failing = IntStream.range(0, 30).map(i -> i * 8).boxed().collect(Collectors.toSet());
        String id = run(project, failing);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("USER", e.getString("attempts[0].error.kind"));
        assertEquals("ARRAY_MIN_SUCCESSES", e.getString("attempts[0].error.code"));
        String message = e.getString("attempts[0].error.message");
        assertTrue(message.startsWith("220/250 children succeeded (225 needed); failed: 0: "), message);
        assertTrue(message.contains("; and 10 more"), message);
        assertEquals(1, e.getList("attempts").size(), "metadata.retries 0: not retried");
        submitOf(id);
    }
}
