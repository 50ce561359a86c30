package dev.kite.cache;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.CachePolicy;
import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;

/** The cache key of a task and its inputs ({@code src/docs/caching.md}), with the model's one canonical hash. */
public final class CacheKeys {

    private CacheKeys() {
    }

    /**
     * SHA-256 of the canonical (project, domain, name, cache.version, interface signature, inputs
     * minus {@code ignoreInputs}). The task version is not part of it.
     */
    public static String key(TaskTemplate task, ObjectNode inputs) {
        CachePolicy policy = task.metadata().cache();
        ObjectNode kept = inputs.deepCopy();
        for (String ignored : policy.ignoreInputs()) {
            kept.remove(ignored);
        }
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        k.put("project", task.id().project());
        k.put("domain", task.id().domain());
        k.put("name", task.id().name());
        k.put("cacheVersion", policy.version());
        k.set("interface", task.iface().signature());
        k.set("inputs", kept);
        return Canonical.sha256(k);
    }
}
