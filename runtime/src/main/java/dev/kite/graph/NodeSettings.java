package dev.kite.graph;

import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.GraphNode;
import dev.kite.model.TaskTemplate;
import dev.kite.store.ExecutionRow;

/**
 * What a child execution keeps of its node, as {@code node_settings}: its depth and the node's
 * overrides ({@code retries}, {@code timeout}, {@code cache: false}), applied to its task's
 * template whenever the child is built, at its start and when it is resumed or taken over.
 */
public final class NodeSettings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeSettings() {
    }

    public static String of(int depth, GraphNode node) {
        ObjectNode n = JSON.createObjectNode().put("depth", depth);
        if (node.retries() != null) {
            n.put("retries", node.retries());
        }
        if (node.timeout() != null) {
            n.put("timeout", node.timeout().toString());
        }
        if (node.noCache()) {
            n.put("cache", false);
        }
        return n.toString();
    }

    public static int depth(ExecutionRow.Lineage lineage) {
        return lineage == null ? 0 : read(lineage).path("depth").asInt(0);
    }

    /** The template as the node runs it. */
    public static TaskTemplate apply(TaskTemplate task, ExecutionRow.Lineage lineage) {
        if (lineage == null) {
            return task;
        }
        JsonNode s = read(lineage);
        if (!s.has("retries") && !s.has("timeout") && !s.has("cache")) {
            return task;
        }
        return new TaskTemplate(task.id(), task.type(), task.iface(), task.metadata().overridden(
                s.has("retries") ? s.get("retries").asInt() : null,
                s.has("timeout") ? Duration.parse(s.get("timeout").asText()) : null, s.has("cache")),
                task.config(), task.container());
    }

    private static JsonNode read(ExecutionRow.Lineage lineage) {
        try {
            return lineage.settings() == null ? JSON.createObjectNode() : JSON.readTree(lineage.settings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable node settings of a child of " + lineage.parent(), e);
        }
    }
}
