package dev.kite.graph;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.Graph;
import dev.kite.model.GraphNode;
import dev.kite.model.TaskTemplate;

/**
 * A graph that compiled: every node's task pinned to a version, its nodes in an order where each
 * comes after the nodes it reads, and the templates of its tasks (in memory only). Stored as
 * {@code {"depth": d, "graph": spec}}, the spec with its references pinned: no copy of a template.
 *
 * @param depth how deep this graph is nested (the graph of a root execution is at depth 1)
 */
public record CompiledGraph(Graph graph, List<String> order, Map<String, TaskTemplate> tasks, int depth) {

    public GraphNode node(String id) {
        return graph.nodes().get(id);
    }

    /** The stored form. */
    public String toStored() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("depth", depth);
        n.set("graph", graph.toJson());
        return n.toString();
    }

    /** The spec of a stored graph (its tasks are read back by their pinned ids). */
    public static Graph specOf(JsonNode stored) {
        FieldErrors errors = new FieldErrors();
        Graph g = Graph.parse(stored.get("graph"), errors);
        if (g == null) {
            throw new IllegalStateException("a stored graph does not parse: " + errors.list());
        }
        return g;
    }
}
