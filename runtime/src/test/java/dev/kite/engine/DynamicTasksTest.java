package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Graph;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskStatus;
import dev.kite.store.ExecutionRow;

/**
 * Dynamic tasks on the engine floor: a graph compiled before it runs (every problem a FAILED
 * parent with its path), its nodes as child executions (a map, a reduce), minSuccesses, abort of
 * the parent, and a takeover in the middle of a graph that writes no child twice.
 */
class DynamicTasksTest {

    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private final Floor floor = new Floor(Map.of("kite.graph.max-nodes", "5", "kite.graph.max-parallel", "64"));
    /** Elements whose square fails. */
    private final Set<Long> failing = ConcurrentHashMap.newKeySet();
    /** The graph the fan task answers (set per test). */
    private volatile JsonNode answer;

    DynamicTasksTest() {
        floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'square', 'version': 'v1'}, 'type': 'script',
                 'interface': {'inputs': {'x': {'type': 'integer'}}, 'outputs': {'y': {'type': 'integer'}}}}""");
        floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'sum', 'version': 'v1'}, 'type': 'script',
                 'interface': {'inputs': {'values': {'type': {'collection': 'integer'}}, 'label': {'type': 'string', 'default': ''}},
                               'outputs': {'total': {'type': 'integer'}, 'label': {'type': 'string'}}}}""");
        floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'wait', 'version': 'v1'}, 'type': 'remote',
                 'interface': {'inputs': {'x': {'type': 'integer'}}, 'outputs': {'value': {'type': 'integer'}}}}""");
        floor.script.functions.put("square", ctx -> {
            long x = ctx.inputs().get("x").asLong();
            return failing.contains(x) ? TaskResult.failed(TaskError.user("ODD", "no square of " + x))
                    : TaskResult.succeeded(J.objectNode().put("y", x * x));
        });
        floor.script.functions.put("sum", ctx -> {
            long total = 0;
            for (JsonNode v : ctx.inputs().get("values")) {
                total += v.asLong();
            }
            return TaskResult.succeeded(J.objectNode().put("total", total).put("label", ctx.inputs().get("label").asText()));
        });
        floor.script.functions.put("fan", ctx -> TaskResult.succeeded(J.objectNode().set(Graph.OUTPUT_KEY, answer)));
    }

    private String fanMetadata = "{'dynamic': true}";

    private TaskTemplate fan() {
        return floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'fan', 'version': 'v1'}, 'type': 'script',
                 'interface': {'inputs': {'numbers': {'type': {'collection': 'integer'}}, 'label': {'type': 'string', 'default': 'x'}},
                               'outputs': {'total': {'type': 'integer'}}},
                 'metadata': %s}""".formatted(fanMetadata));
    }

    @Test
    void aCachedDynamicTaskCachesItsFinalOutputs() {
        fanMetadata = "{'dynamic': true, 'cache': {'version': '1'}}";
        UUID first = run(mapReduce(1.0).toJson(), 2, 3);
        assertEquals("SUCCEEDED", floor.phase(first));
        assertEquals("POPULATED", floor.row(first).cacheStatus());
        UUID second = run(mapReduce(1.0).toJson(), 2, 3);
        assertEquals("SUCCEEDED", floor.phase(second));
        assertEquals("HIT", floor.row(second).cacheStatus());
        assertEquals(13, Floor.json(floor.row(second).outputs()).path("total").asLong(), "the final outputs, from the cache");
        assertEquals(List.of(), children(second), "a hit runs no graph");
        assertEquals(0, floor.script.calls(second));
    }

    /** map square over the parent's numbers, then sum. */
    private static Graph mapReduce(double minSuccesses) {
        Graph.Builder g = Graph.builder();
        g.map("square", "square").over(g.input("numbers")).as("x").minSuccesses(minSuccesses);
        g.node("sum", "sum").input("values", g.output("square", "y"));
        return g.output("total", g.output("sum", "total")).build();
    }

    private UUID run(JsonNode graph, long... numbers) {
        answer = graph;
        ArrayNode list = J.arrayNode();
        LongStream.of(numbers).forEach(list::add);
        ObjectNode inputs = J.objectNode();
        inputs.set("numbers", list);
        inputs.put("label", "x");
        return floor.core.submit(fan(), inputs, null, false, null).await().indefinitely().id();
    }

    private List<ExecutionRow> children(UUID parent) {
        return floor.store.children(parent).await().indefinitely();
    }

    @Test
    void aMapOverAThousandElementsAndAReduceComplete() {
        long[] numbers = LongStream.range(0, 1000).toArray();
        UUID id = run(mapReduce(1.0).toJson(), numbers);
        assertEquals("SUCCEEDED", floor.phase(id), () -> String.valueOf(floor.row(id).error()));
        long expected = LongStream.of(numbers).map(x -> x * x).sum();
        assertEquals(expected, Floor.json(floor.row(id).outputs()).path("total").asLong());
        assertEquals(List.of("QUEUED", "RUNNING", "RUNNING_NODES", "SUCCEEDED"), floor.store.phases(id));
        List<ExecutionRow> children = children(id);
        assertEquals(1001, children.size());
        for (ExecutionRow c : children) {
            assertEquals("SUCCEEDED", c.phase());
            assertEquals(id, c.lineage().parent());
            assertEquals(1, floor.script.calls(c.id()), "each child runs once");
        }
        assertTrue(children.stream().anyMatch(c -> c.lineage().node().equals("square[999]")));
        assertEquals(0, floor.gauge("kite_engine_active"), "every slot is given back");
    }

    private void assertProblem(JsonNode graph, String... expected) {
        UUID id = run(graph, 1, 2);
        assertEquals("FAILED", floor.phase(id));
        JsonNode error = floor.error(id);
        assertEquals("GRAPH_INVALID", error.path("code").asText());
        assertEquals("USER", error.path("kind").asText());
        for (String e : expected) {
            assertTrue(error.path("message").asText().contains(e), () -> "'" + e + "' in " + error);
        }
        assertEquals(1, floor.attempts(id).size(), "a graph that does not compile is not retried");
        assertEquals(List.of(), children(id), "nothing of it ran");
    }

    @Test
    void aCycleIsACompileError() {
        Graph.Builder g = Graph.builder();
        g.node("a", "sum").input("values", g.list(g.output("b", "total")));
        g.node("b", "sum").input("values", g.list(g.output("a", "total")));
        assertProblem(g.output("total", g.output("a", "total")).build().toJson(), "nodes.a: cycle: a → b → a");
    }

    @Test
    void anUnknownTaskIsACompileError() {
        Graph.Builder g = Graph.builder();
        g.node("a", "nosuch").input("values", g.input("numbers"));
        assertProblem(g.output("total", g.value(1)).build().toJson(), "nodes.a.task: no task p/development/nosuch is registered");
    }

    @Test
    void aTypeMismatchIsACompileErrorNamingBothEnds() {
        Graph.Builder g = Graph.builder();
        g.node("a", "sum").input("values", g.input("numbers"));
        g.node("b", "square").input("x", g.output("a", "label"));
        assertProblem(g.output("total", g.output("b", "y")).build().toJson(),
                "nodes.b.inputs.x: expects integer, bound to a.label (string)");
    }

    @Test
    void anUnboundInputAndAnUnboundOutputAreCompileErrors() {
        Graph.Builder g = Graph.builder();
        g.node("a", "square");
        assertProblem(g.build().toJson(), "nodes.a.inputs.x: required input of p/development/square/v1 is not bound",
                "outputs.total: declared output of p/development/fan/v1 is not bound");
    }

    @Test
    void tooManyNodesIsACompileError() {
        Graph.Builder g = Graph.builder();
        for (int i = 0; i < 6; i++) {
            g.node("n" + i, "square").input("x", i);
        }
        assertProblem(g.output("total", g.output("n0", "y")).build().toJson(), "nodes: the graph has 6 nodes, more than the limit of 5");
    }

    @Test
    void aMapSucceedsWhileItsMinSuccessesIsReachable() {
        failing.addAll(List.of(1L, 3L));
        UUID id = run(mapReduce(0.5).toJson(), 1, 2, 3, 4);
        assertEquals("SUCCEEDED", floor.phase(id), () -> String.valueOf(floor.row(id).error()));
        assertEquals(4 + 16, Floor.json(floor.row(id).outputs()).path("total").asLong(), "the reduce sees the successes");
    }

    @Test
    void aMapFailsOnceItsMinSuccessesIsOutOfReach() {
        failing.addAll(List.of(1L, 2L, 3L));
        UUID id = run(mapReduce(0.5).toJson(), 1, 2, 3, 4);
        assertEquals("FAILED", floor.phase(id));
        JsonNode error = floor.error(id);
        assertEquals("MAP_FAILED", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("3 of 4 elements failed, 2 must succeed"), error.toString());
        assertTrue(children(id).stream().noneMatch(c -> c.lineage().node().equals("sum")), "the reduce never ran");
    }

    @Test
    void aFailedNodeFailsTheParent() {
        failing.add(2L);
        Graph.Builder g = Graph.builder();
        g.node("a", "square").input("x", 2);
        UUID id = run(g.output("total", g.output("a", "y")).build().toJson(), 1);
        assertEquals("FAILED", floor.phase(id));
        assertEquals("NODE_FAILED", floor.error(id).path("code").asText());
        assertTrue(floor.error(id).path("message").asText().matches("node a failed: FAILED ODD: .*no square of 2"), floor.error(id).toString());
    }

    private JsonNode waitGraph(int n) {
        Graph.Builder g = Graph.builder();
        g.map("w", "wait").over(g.input("numbers")).as("x");
        g.node("sum", "sum").input("values", g.output("w", "value"));
        return g.output("total", g.output("sum", "total")).build().toJson();
    }

    @Test
    void abortingTheParentCancelsItsRunningChildren() {
        UUID id = run(waitGraph(3), 1, 2, 3);
        assertEquals("RUNNING_NODES", floor.phase(id));
        assertEquals(3, floor.remote.submitted.size(), "the map's elements run in parallel");
        floor.abort(id);
        assertEquals("ABORTED", floor.phase(id));
        List<ExecutionRow> children = children(id);
        assertEquals(3, children.size());
        children.forEach(c -> assertEquals("ABORTED", c.phase(), c.lineage().node()));
        assertEquals(Set.copyOf(floor.remote.submitted), Set.copyOf(floor.remote.cancelled), "every remote job got its cancel");
    }

    @Test
    void aTakeoverMidGraphResumesItWithoutWritingAChildTwice() {
        UUID id = run(waitGraph(3), 1, 2, 3);
        List<ExecutionRow> before = children(id);
        assertEquals(3, before.size());
        String first = floor.remote.submitted.get(0);
        floor.remote.status.put(first, TaskStatus.succeeded(TestPlugins.out(10)));
        floor.advance(1_000); // the first child ends on node-a
        Floor other = floor.another("node-b");
        other.script.functions.putAll(floor.script.functions);
        floor.advance(20_000); // node-a stops heartbeating: its lease expires
        other.sweep();
        assertEquals("node-b", floor.row(id).owner());
        for (String job : List.copyOf(floor.remote.submitted)) { // node-b's plugin answers for the jobs
            other.remote.status.put(job, TaskStatus.succeeded(TestPlugins.out(10)));
        }
        for (int i = 0; i < 20 && !floor.row(id).done(); i++) {
            floor.advance(1_000);
            other.sweep();
        }
        assertEquals("SUCCEEDED", floor.phase(id), () -> floor.store.events(id) + " " + children(id).stream()
                .map(c -> c.lineage().node() + " " + c.phase() + " " + c.owner() + " " + floor.store.events(c.id())).toList());
        assertEquals(30, Floor.json(floor.row(id).outputs()).path("total").asLong());
        assertEquals(4, children(id).size(), "three elements and the reduce, each written once");
        assertEquals(3, floor.remote.submitted.size());
        assertEquals(List.of(), other.remote.submitted, "node-b re-attached to the elements, submitted none again");
        assertNotNull(floor.store.graph(id).await().indefinitely().orElse(null));
    }

    private TaskTemplate outer() {
        return floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'outer', 'version': 'v1'}, 'type': 'script',
                 'interface': {'inputs': {'numbers': {'type': {'collection': 'integer'}}}, 'outputs': {'total': {'type': 'integer'}}},
                 'metadata': {'dynamic': true}}""");
    }

    private UUID runOuter(Floor on) {
        Graph.Builder g = Graph.builder();
        g.node("inner", "fan").input("numbers", g.input("numbers"));
        Graph graph = g.output("total", g.output("inner", "total")).build();
        on.script.functions.put("outer", ctx -> TaskResult.succeeded(J.objectNode().set(Graph.OUTPUT_KEY, graph.toJson())));
        answer = mapReduce(1.0).toJson();
        fan();
        ObjectNode inputs = J.objectNode();
        inputs.set("numbers", J.arrayNode().add(3).add(4));
        return on.core.submit(outer(), inputs, null, false, null).await().indefinitely().id();
    }

    @Test
    void aDynamicNodeRunsItsOwnGraphAsGrandchildren() {
        UUID id = runOuter(floor);
        assertEquals("SUCCEEDED", floor.phase(id), () -> String.valueOf(floor.row(id).error()));
        assertEquals(25, Floor.json(floor.row(id).outputs()).path("total").asLong());
        List<ExecutionRow> children = children(id);
        assertEquals(1, children.size());
        assertEquals(3, children(children.get(0).id()).size(), "the inner graph: two squares and a sum");
    }

    @Test
    void aDynamicNodeBeyondTheDepthLimitIsACompileError() {
        Floor shallow = new Floor(Map.of("kite.graph.max-depth", "1"));
        fan();
        outer();
        shallow.script.functions.putAll(floor.script.functions);
        shallow.templates.putAll(floor.templates);
        UUID id = runOuter(shallow);
        assertEquals("FAILED", shallow.phase(id));
        assertTrue(Floor.json(shallow.row(id).error()).path("message").asText()
                .contains("nodes.inner.task: p/development/fan/v1 is dynamic and would nest graphs 2 deep, more than the limit of 1"),
                shallow.row(id).error());
    }

    @Test
    void aSecondRunOfAnUncachedParentReusesItsCachedChildren() {
        floor.register("""
                {'id': {'project': 'p', 'domain': 'development', 'name': 'csquare', 'version': 'v1'}, 'type': 'script',
                 'interface': {'inputs': {'x': {'type': 'integer'}}, 'outputs': {'y': {'type': 'integer'}}},
                 'metadata': {'cache': {'version': '1'}}}""");
        floor.script.functions.put("csquare", floor.script.functions.get("square"));
        Graph.Builder g = Graph.builder();
        g.map("square", "csquare").over(g.input("numbers")).as("x");
        g.node("sum", "sum").input("values", g.output("square", "y"));
        JsonNode graph = g.output("total", g.output("sum", "total")).build().toJson();
        UUID first = run(graph, 5, 6);
        UUID second = run(graph, 5, 6);
        assertEquals("SUCCEEDED", floor.phase(second), () -> String.valueOf(floor.row(second).error()));
        assertEquals(61, Floor.json(floor.row(second).outputs()).path("total").asLong());
        for (ExecutionRow c : children(second)) {
            if (c.lineage().node().startsWith("square")) {
                assertEquals("HIT", c.cacheStatus(), c.lineage().node());
                assertEquals(0, floor.script.calls(c.id()), "served from the cache of the first run's children");
            }
        }
        assertEquals("SUCCEEDED", floor.phase(first));
    }
}
