package dev.kite.api;

import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;

/**
 * Who the caller is and what it may do: its principal, the key it used, its role in every
 * project it has one in, and whether it is an operator. The console reads it to show only the
 * buttons the caller may use; the API checks every request anyway.
 */
@Path("/api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Security", description = "Who the caller is and what it may do")
public class WhoamiResource {

    @Inject
    ProjectAccess access;

    @GET
    @Operation(operationId = "whoami", summary = "The caller: its principal, key name and role per project")
    public ObjectNode whoami() {
        Caller c = access.caller();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("principal", c.principal());
        n.put("keyName", c.keyName());
        n.put("label", c.label());
        Role all = c.grants().everywhere();
        n.put("everywhere", all == null ? null : all.label());
        Map<String, String> projects = new TreeMap<>();
        for (String p : c.grants().projects()) {
            projects.put(p, c.grants().role(p).label());
        }
        n.putPOJO("projects", projects);
        n.put("operator", c.grants().operator());
        return n;
    }
}
