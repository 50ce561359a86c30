package dev.kite.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.security.AuditLog;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;

/** The audit trail, for admins: of a project for its admins, all of it for admins of every project. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who changed what, when and from where")
public class AuditResource {

    @Inject
    AuditLog audit;

    @Inject
    ProjectAccess access;

    @Inject
    KiteConfig config;

    @GET
    @Operation(operationId = "listAuditRecords", summary = "List audit events, newest first")
    public Uni<Page<ObjectNode>> list(@Parameter(description = "only this project's events (its admins may read them)")
            @QueryParam("project") String project, @QueryParam("action") String action,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Caller c = access.caller();
        String p = project == null || project.isEmpty() ? null : project;
        if (p == null) {
            access.requireEverywhere(c, Role.ADMIN);
        } else {
            access.require(c, p, Role.ADMIN);
        }
        int n = Paging.limit(limit, config);
        return audit.list(p, action == null || action.isEmpty() ? null : action, Paging.cursor(cursor), n + 1).map(rows -> {
            List<ObjectNode> items = rows.subList(0, Math.min(n, rows.size()));
            return new Page<>(List.copyOf(items), rows.size() > n ? String.valueOf(rows.get(n - 1).get("seq").asLong()) : null);
        });
    }
}
