package dev.kite.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.store.ExecutionRow;

/** An execution as the API shows it: the one view of a row, in answers, lists and streams. */
@ApplicationScoped
public class ExecutionViews {

    @Inject
    ObjectMapper mapper;

    @Inject
    DataLinks links;

    /** The execution with small offloaded values inlined, as {@code GET /api/v1/executions/{id}} answers it. */
    public Uni<ObjectNode> full(ExecutionRow r) {
        return links.inline(r, view(r));
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The execution as lists show it. */
    public ObjectNode view(ExecutionRow r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", r.id().toString());
        ObjectNode task = n.putObject("task");
        task.put("project", r.project()).put("domain", r.domain()).put("name", r.name()).put("version", r.version());
        if (r.clientName() != null) {
            n.put("name", r.clientName());
        }
        n.put("phase", r.phase());
        n.set("inputs", links.linked(r.id(), "inputs", parse(r.inputs())));
        n.set("outputs", links.linked(r.id(), "outputs", parse(r.outputs())));
        n.set("error", parse(r.error()));
        n.put("cacheStatus", r.cacheStatus());
        n.put("cacheKey", r.cacheKey());
        n.put("cacheSource", r.cacheSource() == null ? null : r.cacheSource().toString());
        n.put("overwriteCache", r.overwriteCache());
        n.put("startTime", r.startTime().toInstant().toString());
        n.put("seed", r.seed());
        n.set("attempts", parse(r.attempts()));
        n.put("nextAttemptAt", r.nextAt() == null ? null : r.nextAt().toInstant().toString());
        n.put("deadline", r.deadlineAt() == null ? null : r.deadlineAt().toInstant().toString());
        n.put("owner", r.owner());
        n.put("submittedBy", r.submittedBy());
        n.put("abortedBy", r.abortedBy());
        if (r.lineage() != null) {
            n.put("parent", r.lineage().parent().toString());
            n.put("node", r.lineage().node());
        }
        n.put("createdAt", r.createdAt().toInstant().toString());
        n.put("updatedAt", r.updatedAt().toInstant().toString());
        return n;
    }
}
