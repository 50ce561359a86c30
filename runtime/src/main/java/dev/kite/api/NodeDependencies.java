package dev.kite.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.graph.CompiledGraph;
import dev.kite.model.Graph;
import dev.kite.model.GraphNode;

/**
 * The edges of a dynamic execution's graph on its children's views: each child gets
 * {@code dependsOn}, the nodes of the parent's graph whose outputs its node reads (a map element
 * {@code name[i]} reads what its node {@code name} reads), so that a client can draw the graph from
 * the nodes listing alone.
 */
final class NodeDependencies {

    private NodeDependencies() {
    }

    static void add(Optional<String> storedGraph, List<ObjectNode> children, ObjectMapper mapper) {
        if (storedGraph.isEmpty()) {
            return;
        }
        Map<String, GraphNode> nodes;
        try {
            Graph g = CompiledGraph.specOf(mapper.readTree(storedGraph.get()));
            nodes = g.nodes();
        } catch (JsonProcessingException | IllegalStateException e) {
            return; // a graph that cannot be read again: the listing goes without edges
        }
        for (ObjectNode child : children) {
            String node = child.path("node").asText(null);
            if (node == null) {
                continue;
            }
            int bracket = node.indexOf('[');
            GraphNode spec = nodes.get(bracket < 0 ? node : node.substring(0, bracket));
            ArrayNode deps = child.putArray("dependsOn");
            if (spec != null) {
                Set<String> reads = spec.reads();
                reads.forEach(deps::add);
            }
        }
    }
}
