package dev.kite.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.engine.ConfigBinder;
import dev.kite.engine.PluginRegistry;
import dev.kite.model.FieldErrors;
import dev.kite.model.ParsedTemplate;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.model.ValidationException;
import dev.kite.spi.TaskPlugin;
import dev.kite.store.ProjectEntity;
import dev.kite.store.TaskEntity;
import dev.kite.store.TaskStore;

/** The task registry: register immutable task versions and read them back. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    @Inject
    TaskStore store;

    @Inject
    PluginRegistry plugins;

    @Inject
    ConfigBinder binder;

    @Inject
    KiteConfig config;

    @Inject
    ObjectMapper mapper;

    /** Registers a task version: 201 new, 200 identical again, 409 same id with other content, 400 invalid. */
    @POST
    public Uni<Response> register(String body) {
        JsonNode json = JsonBodies.parse(body);
        ParsedTemplate parsed = TaskTemplate.parse(json, plugins.knownTypes(), Set.copyOf(config.domains()));
        TaskTemplate template = parsed.template();
        checkPluginConfig(template);
        TaskId id = template.id();
        return Panache.withSession(() -> ProjectEntity.<ProjectEntity>findById(id.project()))
                .chain(project -> {
                    if (project == null) {
                        throw ProblemException.notFound("project '" + id.project()
                                + "' does not exist; create it with POST /api/v1/projects");
                    }
                    return store.register(template);
                })
                .map(reg -> {
                    if (reg.outcome() == TaskStore.Outcome.CONFLICT) {
                        throw ProblemException.conflict("task " + id + " is registered with other content (digest "
                                + reg.stored().digest + "); versions are immutable: register a new version");
                    }
                    ObjectNode view = view(reg.stored());
                    if (!parsed.warnings().isEmpty()) {
                        view.putPOJO("warnings", parsed.warnings());
                    }
                    return Response.status(reg.outcome() == TaskStore.Outcome.CREATED ? 201 : 200).entity(view).build();
                });
    }

    private void checkPluginConfig(TaskTemplate template) {
        FieldErrors errors = new FieldErrors();
        plugins.forType(template.type()).ifPresent(entry -> bind(entry.plugin(), template, errors));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors.list());
        }
    }

    private <C> void bind(TaskPlugin<C> plugin, TaskTemplate template, FieldErrors errors) {
        binder.bind(plugin, template, errors);
    }

    @GET
    @Path("{project}/{domain}/{name}/{version}")
    public Uni<ObjectNode> get(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name, @PathParam("version") String version) {
        return store.find(new TaskId(project, domain, name, version)).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("no task " + project + "/" + domain + "/" + name + "/" + version);
            }
            return view(e);
        });
    }

    /** Versions of a task, newest first. */
    @GET
    @Path("{project}/{domain}/{name}")
    public Uni<Page<ObjectNode>> versions(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int n = Paging.limit(limit, config);
        return store.versions(project, domain, name, Paging.cursor(cursor), n + 1).map(list -> {
            if (list.isEmpty() && cursor == null) {
                throw ProblemException.notFound("no task " + project + "/" + domain + "/" + name);
            }
            return page(list, n);
        });
    }

    /** Tasks of a project (optionally one domain), in registration order. */
    @GET
    public Uni<Page<ObjectNode>> list(@QueryParam("project") String project, @QueryParam("domain") String domain,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        if (project == null || project.isEmpty()) {
            throw ProblemException.badRequest("project", "the query parameter 'project' is required");
        }
        int n = Paging.limit(limit, config);
        return store.list(project, domain, Paging.cursor(cursor), n + 1).map(list -> page(list, n));
    }

    private Page<ObjectNode> page(List<TaskEntity> rows, int n) {
        List<ObjectNode> items = new ArrayList<>(Math.min(rows.size(), n));
        for (int i = 0; i < rows.size() && i < n; i++) {
            items.add(view(rows.get(i)));
        }
        String next = rows.size() > n ? String.valueOf(rows.get(n - 1).seq) : null;
        return new Page<>(items, next);
    }

    private ObjectNode view(TaskEntity e) {
        ObjectNode n;
        try {
            n = (ObjectNode) mapper.readTree(e.template);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        n.put("digest", e.digest);
        n.put("registeredAt", e.createdAt == null ? null : e.createdAt.toInstant().toString());
        return n;
    }
}
