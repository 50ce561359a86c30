package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "Plugins", description = "The task types this Kite runs")
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    @Inject
    PluginRegistry registry;

    @Inject
    ProjectAccess access;

    @GET
    @Operation(operationId = "listPlugins", summary = "List the plugins and their health")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "Every plugin",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = dev.kite.api.contract.Plugin.class)))
    public List<ObjectNode> list() {
        access.requireOperator(access.caller());
        return registry.all().stream().map(e -> {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("name", e.name());
            n.putPOJO("taskTypes", new TreeSet<>(e.taskTypes()));
            n.put("shape", e.shape());
            // the same as readiness: a failed start-up check, or what the plugin says of itself now
            dev.kite.spi.PluginHealth h = e.health();
            n.put("healthy", h.state() != dev.kite.spi.PluginHealth.State.DOWN);
            n.put("problem", h.state() == dev.kite.spi.PluginHealth.State.UP ? null : h.detail());
            n.put("class", e.className());
            return n;
        }).toList();
    }
}
