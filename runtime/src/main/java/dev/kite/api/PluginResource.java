package dev.kite.api;

import java.util.List;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.engine.PluginRegistry;
import dev.kite.security.ProjectAccess;

/** The plugins this Kite runs: their task types, shape and health. */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    @Inject
    PluginRegistry registry;

    @Inject
    ProjectAccess access;

    @GET
    public List<ObjectNode> list() {
        access.requireOperator(access.caller());
        return registry.all().stream().map(e -> {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("name", e.name());
            n.putPOJO("taskTypes", new TreeSet<>(e.taskTypes()));
            n.put("shape", e.shape());
            n.put("healthy", e.healthy());
            n.put("problem", e.problem());
            n.put("class", e.className());
            return n;
        }).toList();
    }
}
