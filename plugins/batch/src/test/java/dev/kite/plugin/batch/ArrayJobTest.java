package dev.kite.plugin.batch;

import static dev.kite.plugin.batch.BatchFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskStatus;

/** An array job maps over a collection input; minSuccesses decides, failed children are listed. */
class ArrayJobTest {

    static final TaskTemplate TASK = BatchFixture.task("{'queue': 'q', 'jobDefinition': 'mapper', 'arrayInput': 'items',"
            + " 'minSuccesses': 0.9}",
            "{'inputs': {'items': {'type': {'collection': 'integer'}}}, 'outputs': {'statuses': {'type': {'collection': 'string'}}}}");

    BatchFixture fx;
    BatchJobPlugin plugin;

    @BeforeEach
    void start() throws Exception {
        fx = new BatchFixture();
        plugin = fx.plugin();
    }

    @AfterEach
    void stop() {
        plugin.close();
        fx.close();
    }

    static String items(int n) {
        return "{'items': [" + IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]}";
    }

    private TaskStatus run(String name, int size, Set<Integer> failing) {
        fx.fake.failChildren(name, failing);
        var a = fx.attempt(TASK, items(size), name);
        BatchHandle h = plugin.submit(a).await().indefinitely();
        assertEquals(size, h.arraySize());
        TaskStatus s;
        do {
            s = await(plugin.poll(a, h));
        } while (!s.phase().isTerminal());
        return s;
    }

    @Test
    void tenFailuresOutOf250MeetMinSuccesses() {
        Set<Integer> failing = Set.of(3, 17, 40, 41, 99, 120, 150, 199, 200, 249);
        TaskStatus s = run("kite-array-10", 250, failing);
        assertEquals(TaskStatus.Phase.SUCCEEDED, s.phase(), s.message());
        assertTrue(s.message().startsWith("240/250 children succeeded (225 needed); failed: 3: "), s.message());
        assertTrue(s.message().contains("249: Essential container in task exited: child 249 raised ValueError (exit 1)"),
                s.message());
        JsonNode statuses = s.outputs().path("statuses");
        assertEquals(250, statuses.size());
        assertEquals("FAILED", statuses.get(3).asText());
        assertEquals("SUCCEEDED", statuses.get(4).asText());

        JsonNode req = fx.fake.calls("submitjob").get(0).body();
        assertEquals(250, req.path("arrayProperties").path("size").asInt());
        JsonNode env = req.path("containerOverrides").path("environment");
        assertEquals("KITE_ARRAY_ELEMENTS", env.get(0).path("name").asText());
        assertTrue(env.get(0).path("value").asText().startsWith("[0,1,2,"));
        // children were described in calls of at most 100 ids: <parent>:<index>
        fx.fake.calls("describejobs").forEach(c -> assertTrue(c.body().path("jobs").size() <= 100));
    }

    @Test
    void thirtyFailuresOutOf250FailTheAttempt() {
        Set<Integer> failing = IntStream.range(0, 30).map(i -> i * 8).boxed().collect(Collectors.toSet());
        TaskStatus s = run("kite-array-30", 250, failing);
        assertEquals(TaskStatus.Phase.FAILED, s.phase());
        assertEquals(ErrorKind.USER, s.error().kind());
        assertEquals("ARRAY_MIN_SUCCESSES", s.error().code());
        assertTrue(s.error().message().startsWith("220/250 children succeeded (225 needed); failed: 0: "), s.error().message());
        assertTrue(s.error().message().contains("; and 10 more"), s.error().message());
    }

    @Test
    void aCollectionOfOneRunsAsAPlainJob() {
        TaskStatus s = run("kite-array-1", 1, Set.of());
        assertEquals(TaskStatus.Phase.SUCCEEDED, s.phase());
        assertEquals("[\"SUCCEEDED\"]", s.outputs().path("statuses").toString());
        JsonNode req = fx.fake.calls("submitjob").get(0).body();
        assertTrue(req.path("arrayProperties").isMissingNode(), req.toString());
        assertFalse(req.path("containerOverrides").path("environment").toString().isEmpty());
        assertTrue(req.path("containerOverrides").path("environment").toString()
                .contains("{\"name\":\"AWS_BATCH_JOB_ARRAY_INDEX\",\"value\":\"0\"}"));
    }
}
