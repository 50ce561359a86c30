package dev.kite.api;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.store.ProjectEntity;

/** Projects: the namespaces tasks are registered in. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** Creates a project: 201 new, 200 the same again, 409 the same id with other content. */
    @POST
    public Uni<Response> create(String body) {
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
        ProjectEntity p = new ProjectEntity();
        p.id = id;
        p.name = name == null ? id : name;
        p.description = description == null ? "" : description;
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("insert into projects (id, name, description) values (?1, ?2, ?3) on conflict (id) do nothing")
                .setParameter(1, p.id).setParameter(2, p.name).setParameter(3, p.description)
                .executeUpdate()))
                .chain(inserted -> Panache.withSession(() -> ProjectEntity.<ProjectEntity>findById(id)).map(stored -> {
                    if (inserted == 1) {
                        return Response.status(201).entity(view(stored)).build();
                    }
                    if (stored.name.equals(p.name) && stored.description.equals(p.description)) {
                        return Response.ok(view(stored)).build();
                    }
                    throw ProblemException.conflict("project '" + id + "' exists with another name or description");
                }));
    }

    @GET
    public Uni<List<ObjectNode>> list() {
        return Panache.withSession(() -> ProjectEntity.<ProjectEntity>listAll(io.quarkus.panache.common.Sort.by("id")))
                .map(list -> list.stream().map(ProjectResource::view).toList());
    }

    @GET
    @Path("{id}")
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        return Panache.withSession(() -> ProjectEntity.<ProjectEntity>findById(id)).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("no project '" + id + "'");
            }
            return view(p);
        });
    }

    static ObjectNode view(ProjectEntity p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", p.id).put("name", p.name).put("description", p.description);
        n.put("createdAt", p.createdAt == null ? null : p.createdAt.toInstant().toString());
        return n;
    }
}
