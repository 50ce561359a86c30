package dev.kite.api;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.security.AuditLog;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.store.StoredProject;
import dev.kite.store.ProjectStore;

/** Projects: the namespaces tasks are registered in. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects", description = "The namespaces tasks are registered in")
public class ProjectResource {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    @Inject
    ProjectAccess access;

    @Inject
    AuditLog audit;

    @Inject
    ProjectStore projects;

    /** Creates a project: 201 new, 200 the same again, 409 the same id with other content. */
    @POST
    @Operation(operationId = "createProject", summary = "Create a project")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = dev.kite.api.contract.Project.class)))
    @APIResponse(responseCode = "200", description = "The project exists with the same name and description",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = dev.kite.api.contract.Project.class)))
    @APIResponse(responseCode = "400", description = "Invalid body: every invalid field, by path",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The project exists with another name or description",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<Response> create(@RequestBody(required = true, description = "The project: its id, and optionally a name and description",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = dev.kite.api.contract.Project.class))) String body,
            @Context UriInfo request) {
        Caller caller = access.caller();
        URI base = Locations.base(request);
        JsonNode json = JsonBodies.parse(body);
        FieldErrors errors = new FieldErrors();
        String id = JsonBodies.text(json, "id", errors, true);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add("id", "must match " + ID.pattern() + " (lower-case letters, digits, '-' and '_')");
        }
        String name = JsonBodies.text(json, "name", errors, false);
        String description = JsonBodies.text(json, "description", errors, false);
        JsonBodies.rejectUnknown(json, List.of("id", "name", "description"), errors);
        errors.throwIfAny();
        // the same answer whether the project exists or not: creating one needs admin of it
        access.require(caller, id, Role.ADMIN, () -> new ProblemException(403, "Forbidden", caller.label()
                + ": creating project '" + id + "' needs admin of it (or *:admin)"));
        String n = name == null ? id : name;
        String d = description == null ? "" : description;
        return projects.create(id, n, d)
                .call(inserted -> inserted ? audit.record(caller, AuditLog.PROJECT_CREATED, id, id, null)
                        : Uni.createFrom().voidItem())
                .chain(inserted -> projects.find(id).map(stored -> {
                    if (inserted) {
                        return Response.created(Locations.absolute(base, UriBuilder.fromResource(ProjectResource.class).path("{id}").build(id)))
                                .entity(view(stored)).build();
                    }
                    if (stored.name().equals(n) && stored.description().equals(d)) {
                        return Response.ok(view(stored)).build();
                    }
                    throw ProblemException.conflict("project '" + id + "' exists with another name or description");
                }));
    }

    @GET
    @Operation(operationId = "listProjects", summary = "List every project, by id")
    @APIResponse(responseCode = "200", description = "The projects the caller may see", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = dev.kite.api.contract.Project.class)))
    public Uni<List<ObjectNode>> list() {
        Caller caller = access.caller();
        return projects.all()
                .map(list -> list.stream().filter(p -> access.canSee(caller, p.id())).map(ProjectResource::view).toList());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getProject", summary = "Read one project")
    @APIResponse(responseCode = "200", description = "The project",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = dev.kite.api.contract.Project.class)))
    @APIResponse(responseCode = "404", description = "No such project", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        access.require(access.caller(), id, Role.VIEWER);
        return projects.find(id).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("no project '" + id + "'");
            }
            return view(p);
        });
    }

    static ObjectNode view(StoredProject p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", p.id()).put("name", p.name()).put("description", p.description());
        n.put("createdAt", p.createdAt() == null ? null : p.createdAt().toInstant().toString());
        return n;
    }
}
