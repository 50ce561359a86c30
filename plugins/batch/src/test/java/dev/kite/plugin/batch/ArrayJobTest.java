package dev.kite.plugin.batch;

import static dev.kite.plugin.batch.BatchFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * An array job maps over a collection input: every element is an object in the store, each child
 * reads its own and writes its output next to it; minSuccesses decides, failed children are listed,
 * the output is the children's outputs in child order.
 */
class ArrayJobTest {

    static final TaskTemplate TASK = BatchFixture.task("{'queue': 'q', 'jobDefinition': 'mapper', 'arrayInput': 'items',"
            + " 'minSuccesses': 0.9}",
            "{'inputs': {'items': {'type': {'collection': 'integer'}}}, 'outputs': {'squares': {'type': {'collection': {'union': ['integer', 'none']}}}}}");

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

    /** The children's code: read element AWS_BATCH_JOB_ARRAY_INDEX from the store, write its square, or fail. */
    private void children(Set<Integer> failing) {
        fx.fake.children((submit, i) -> {
            if (failing.contains(i)) {
                return false;
            }
            URI in = URI.create(FakeBatch.env(submit, "KITE_ARRAY_INPUTS") + i + ".json");
            long element = Long.parseLong(new String(fx.store.read(in).await().indefinitely(), StandardCharsets.UTF_8));
            URI out = URI.create(FakeBatch.env(submit, "KITE_ARRAY_OUTPUTS") + i + ".json");
            fx.store.put(out, Long.toString(element * element).getBytes(StandardCharsets.UTF_8)).await().indefinitely();
            return true;
        });
    }

    private TaskStatus run(String name, int size, Set<Integer> failing) {
        children(failing);
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
        JsonNode squares = s.outputs().path("squares");
        assertEquals(250, squares.size());
        assertTrue(squares.get(3).isNull(), "a failed child has no output: " + squares.get(3));
        assertEquals(16, squares.get(4).asInt());
        assertEquals(248 * 248, squares.get(248).asInt(), "in child order");

        JsonNode req = fx.fake.calls("submitjob").get(0).body();
        assertEquals(250, req.path("arrayProperties").path("size").asInt());
        String inputs = FakeBatch.env(req, "KITE_ARRAY_INPUTS");
        assertTrue(inputs.startsWith(fx.store.rootUri() + "raw/") && inputs.endsWith("/0/array/inputs/"),
                "under the attempt's raw output prefix: " + inputs);
        assertEquals(inputs.replace("/inputs/", "/outputs/"), FakeBatch.env(req, "KITE_ARRAY_OUTPUTS"));
        assertEquals("250", FakeBatch.env(req, "KITE_ARRAY_SIZE"));
        assertTrue(FakeBatch.env(req, "KITE_ARRAY_ELEMENTS").startsWith("[0,1,2,"), "small collections are inline too");
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
        assertEquals("[0]", s.outputs().path("squares").toString());
        JsonNode req = fx.fake.calls("submitjob").get(0).body();
        assertTrue(req.path("arrayProperties").isMissingNode(), req.toString());
        assertEquals("0", FakeBatch.env(req, "AWS_BATCH_JOB_ARRAY_INDEX"));
    }

    @Test
    void anOutputThatCannotHoldAFailedChildIsWarnedAbout() {
        var errors = new dev.kite.model.FieldErrors();
        TaskTemplate strict = BatchFixture.task("{'queue': 'q', 'jobDefinition': 'mapper', 'arrayInput': 'items',"
                + " 'minSuccesses': 0.9}", "{'inputs': {'items': {'type': {'collection': 'integer'}}},"
                + " 'outputs': {'squares': {'type': {'collection': 'integer'}}}}");
        plugin.validate(strict, BatchFixture.config(strict), errors);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(1, errors.warnings().size(), errors.warnings().toString());
        assertTrue(errors.warnings().get(0).startsWith("interface.outputs.squares: a failed child has no output"),
                errors.warnings().get(0));
        var fine = new dev.kite.model.FieldErrors();
        plugin.validate(TASK, BatchFixture.config(TASK), fine); // {"union": ["integer", "none"]}
        assertTrue(fine.isEmpty() && fine.warnings().isEmpty(), fine.warnings().toString());
    }

    @Test
    void aCollectionTooLargeToInlineIsReadFromTheStoreOnly() throws Exception {
        StringBuilder big = new StringBuilder("{'items': [");
        for (int i = 0; i < 3000; i++) {
            big.append(i == 0 ? "" : ",").append(1_000_000 + i);
        }
        children(Set.of());
        var a = fx.attempt(TASK, big.append("]}").toString(), "kite-array-big");
        BatchHandle h = plugin.submit(a).await().indefinitely();
        JsonNode req = fx.fake.calls("submitjob").get(0).body();
        assertNull(FakeBatch.env(req, "KITE_ARRAY_ELEMENTS"), "24 KB of JSON is not inlined (limit 8192)");
        assertEquals("1002999", new String(fx.store.read(URI.create(FakeBatch.env(req, "KITE_ARRAY_INPUTS") + "2999.json"))
                .await().indefinitely(), StandardCharsets.UTF_8));
        TaskStatus s;
        do {
            s = await(plugin.poll(a, h));
        } while (!s.phase().isTerminal());
        assertEquals(TaskStatus.Phase.SUCCEEDED, s.phase(), s.message());
        assertEquals(1_002_999L * 1_002_999L, s.outputs().path("squares").get(2999).asLong());
    }
}
