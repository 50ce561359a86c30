package dev.kite.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The graph spec of a dynamic task: its JSON form, the builder, parse errors by path, and the type rules of bindings. */
class GraphSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whatTheBuilderMakesParsesBackEqual() {
        Graph.Builder g = Graph.builder();
        g.map("sq", "square").over(g.input("xs")).as("x").minSuccesses(0.75).concurrency(10);
        g.node("sum", new TaskId("p", "development", "sum", "v2")).input("values", g.output("sq", "y")).input("label", "all")
                .retries(2).timeout(Duration.ofMinutes(5)).noCache();
        Graph graph = g.output("total", g.output("sum", "total")).output("k", g.list(g.value(1), g.input("n"))).build();
        FieldErrors errors = new FieldErrors();
        Graph back = Graph.parse(graph.toJson(), errors);
        assertEquals(List.of(), errors.list());
        assertEquals(graph, back);
        assertEquals(3, back.nodes().get("sq").map().required(4), "a ratio of the elements, rounded up");
        assertEquals(4, new GraphNode.MapSpec(Binding.literal(null), "x", 7, 0).required(4), "a count, at most all");
    }

    @Test
    void everyProblemOfASpecIsReportedWithItsPath() throws Exception {
        JsonNode spec = JSON.readTree("""
                {"nodes": {"9bad": {"task": "t"},
                           "a": {"task": {"nme": "t"}, "inputs": {"x": {"node": "b"}}},
                           "m": {"task": "t", "map": {"over": [1], "minSuccesses": 1.5, "concurrency": 0}, "cache": true}},
                 "extra": 1}""");
        FieldErrors errors = new FieldErrors();
        assertNull(Graph.parse(spec, errors));
        List<String> paths = errors.list().stream().map(FieldError::path).toList();
        assertTrue(paths.containsAll(List.of("extra", "nodes[\"9bad\"]", "nodes.a.task.nme", "nodes.a.task.name",
                "nodes.a.inputs.x.output", "nodes.m.map.as", "nodes.m.map.minSuccesses", "nodes.m.map.concurrency", "nodes.m.cache")),
                paths.toString());
    }

    @Test
    void referencesFitByTheRulesOfCoercion() {
        assertTrue(TypeRules.assignable(LiteralType.INTEGER, LiteralType.FLOAT));
        assertFalse(TypeRules.assignable(LiteralType.FLOAT, LiteralType.INTEGER));
        assertTrue(TypeRules.assignable(new EnumType(List.of("a")), LiteralType.STRING));
        assertTrue(TypeRules.assignable(new CollectionType(LiteralType.INTEGER), new CollectionType(LiteralType.FLOAT)));
        assertTrue(TypeRules.assignable(LiteralType.NONE, new UnionType(List.of(LiteralType.STRING, LiteralType.NONE))));
        assertFalse(TypeRules.assignable(new UnionType(List.of(LiteralType.STRING, LiteralType.NONE)), LiteralType.STRING));
        assertFalse(TypeRules.assignable(LiteralType.STRING, LiteralType.INTEGER));
    }
}
