package dev.kite.plugin.spark;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of a {@code k8s-object} task. User guide: {@code src/docs/kubernetes-objects.md}.
 *
 * @param manifest the object: any apiVersion and kind; string leaves are templates over the inputs
 * @param success  the condition that the object succeeded (required)
 * @param failure  the condition that it failed (required)
 * @param running  the condition that it runs (else it counts as queued); optional
 * @param message  an expression whose value explains a failure, e.g. a condition's message; optional
 * @param outputs  output name to the expression its value is read from, once succeeded
 * @param oom      the condition, checked on failure, that it failed because a container was OOM killed
 * @param memory   JSON pointers to the {@code resources} objects ({@code requests}/{@code limits}) in
 *                 the manifest whose memory grows after an OOM kill
 * @param oomRetry {@code {"factor": 1.5, "maxMemory": "8Gi"}} over {@code kite.k8s-object.oom-retry.*}
 */
public record ObjectConfig(JsonNode manifest, JsonNode success, JsonNode failure, JsonNode running, String message,
        Map<String, String> outputs, JsonNode oom, List<String> memory, JsonNode oomRetry) {

    public ObjectConfig {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outputs));
        memory = memory == null ? List.of() : List.copyOf(memory);
    }
}
