package dev.kite.api;

import java.net.URI;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.api.contract.Task;
import dev.kite.api.contract.TaskPage;
import dev.kite.config.KiteConfig;
import dev.kite.engine.ConfigBinder;
import dev.kite.engine.PluginRegistry;
import dev.kite.model.FieldErrors;
import dev.kite.model.ParsedTemplate;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.model.ValidationException;
import dev.kite.spi.TaskPlugin;
import dev.kite.store.StoredTask;
import dev.kite.security.AuditLog;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.store.TaskRegistry;

/** The task registry: register immutable task versions and read them back. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "The task registry: immutable, versioned task templates")
public class TaskResource {

    @Inject
    TaskRegistry store;

    @Inject
    PluginRegistry plugins;

    @Inject
    ConfigBinder binder;

    @Inject
    KiteConfig config;

    @Inject
    ProjectAccess access;

    @Inject
    AuditLog audit;

    @Inject
    dev.kite.data.DataStores data;

    /** Registers a task version: 201 new, 200 identical again, 409 same id with other content, 400 invalid. */
    @POST
    @Operation(operationId = "registerTask", summary = "Register a task version",
            description = "Stores the template under its id. A version is immutable: registering it again with the same"
                    + " content (after canonicalization) is a no-op, with other content a conflict.")
    @APIResponse(responseCode = "201", description = "Registered; the stored (canonical) template with its digest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Task.class)))
    @APIResponse(responseCode = "200", description = "This version was already registered with identical content",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Task.class)))
    @APIResponse(responseCode = "400", description = "Invalid template: every invalid field, by path",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The project does not exist", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "This version is registered with other content",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "The body is larger than kite.api.max-body-bytes",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<Response> register(@RequestBody(required = true, description = "A task template (src/docs/task-model.md)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = dev.kite.api.contract.TaskTemplate.class)))
            String body, @Context UriInfo uri) {
        Caller caller = access.caller();
        URI base = Locations.base(uri);
        JsonNode json = JsonBodies.parse(body);
        ParsedTemplate parsed = TaskTemplate.parse(json, plugins.knownTypes(), Set.copyOf(config.domains()));
        io.vertx.core.Context request = io.vertx.core.Vertx.currentContext();
        String type = parsed.template().type();
        if (!plugins.isDecided(type)) {
            // the plugins claiming the type are checked beside the start (decision 0042): the config
            // is checked by the one that serves it, once that is decided
            return onContext(plugins.decided(type), request).chain(() -> register(caller, parsed, request, base));
        }
        return register(caller, parsed, request, base);
    }

    private Uni<Response> register(Caller caller, ParsedTemplate parsed, io.vertx.core.Context request, URI base) {
        TaskTemplate template = parsed.template();
        List<String> warnings = new ArrayList<>(parsed.warnings());
        FieldErrors errors = new FieldErrors();
        Uni<Void> stored = checkPluginConfig(template, errors);
        TaskId id = template.id();
        access.require(caller, id.project(), Role.SUBMITTER, () -> noProject(id.project()));
        // the store answers on a worker thread; the registry continues on the request's context
        Uni<Void> back = onContext(stored, request);
        return back.invoke(() -> {
            if (!errors.isEmpty()) {
                throw new ValidationException(errors.list());
            }
            warnings.addAll(errors.warnings());
        }).chain(() -> store.register(template))
                .call(reg -> reg.outcome() == TaskRegistry.Outcome.CREATED ? audit.record(caller, AuditLog.TASK_REGISTERED,
                        id.project(), id.toString(), null) : Uni.createFrom().voidItem())
                .map(reg -> {
                    if (reg.outcome() == TaskRegistry.Outcome.NO_PROJECT) {
                        throw ProblemException.notFound("project '" + id.project()
                                + "' does not exist; create it with POST /api/v1/projects");
                    }
                    if (reg.outcome() == TaskRegistry.Outcome.CONFLICT) {
                        throw ProblemException.conflict("task " + id + " is registered with other content (digest "
                                + reg.stored().digest() + "); versions are immutable: register a new version");
                    }
                    ObjectNode view = view(reg.stored());
                    if (!warnings.isEmpty()) {
                        view.putPOJO("warnings", warnings);
                    }
                    if (reg.outcome() == TaskRegistry.Outcome.CREATED) {
                        return Response.created(Locations.absolute(base, location(id))).entity(view).build();
                    }
                    return Response.ok(view).build();
                });
    }

    /** {@code uni}'s item delivered on the request's context (where there is one). */
    private static Uni<Void> onContext(Uni<Void> uni, io.vertx.core.Context request) {
        return request == null ? uni : uni.emitOn(run -> request.runOnContext(v -> run.run()));
    }

    private static ProblemException noProject(String project) {
        return ProblemException.notFound("project '" + project + "' does not exist; create it with POST /api/v1/projects");
    }

    /**
     * The plugin's checks of the config: throws with its errors; then (after the caller's access is
     * checked) the checks of what the config names in the data store, which record into {@code errors} too.
     */
    private Uni<Void> checkPluginConfig(TaskTemplate template, FieldErrors errors) {
        Uni<Void> stored = plugins.forType(template.type()).map(entry -> bind(entry.plugin(), template, errors))
                .orElse(Uni.createFrom().voidItem());
        if (!errors.isEmpty()) {
            throw new ValidationException(errors.list());
        }
        return stored;
    }

    private <C> Uni<Void> bind(TaskPlugin<C> plugin, TaskTemplate template, FieldErrors errors) {
        C bound = binder.bind(plugin, template, errors);
        return bound == null || !errors.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> plugin.validateStored(template, bound, data, errors));
    }

    private static URI location(TaskId id) {
        return UriBuilder.fromResource(TaskResource.class).path("{project}/{domain}/{name}/{version}")
                .build(id.project(), id.domain(), id.name(), id.version());
    }

    @GET
    @Path("{project}/{domain}/{name}/{version}")
    @Operation(operationId = "getTask", summary = "Read one task version")
    @APIResponse(responseCode = "200", description = "The stored template, with digest and registeredAt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Task.class)))
    @APIResponse(responseCode = "404", description = "No such version", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<ObjectNode> get(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name, @PathParam("version") String version) {
        TaskId id = new TaskId(project, domain, nfc(name), version);
        access.require(access.caller(), project, Role.VIEWER, () -> ProblemException.notFound("no task " + id));
        return store.find(id).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("no task " + id);
            }
            return view(e);
        });
    }

    /** Versions of a task, newest first. */
    @GET
    @Path("{project}/{domain}/{name}")
    @Operation(operationId = "listTaskVersions", summary = "List the versions of a task, newest first")
    @APIResponse(responseCode = "200", description = "A page of versions; pass nextCursor back as cursor for the next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskPage.class)))
    @APIResponse(responseCode = "400", description = "Malformed cursor or limit", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No version of this task is registered",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<Page<ObjectNode>> versions(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1 to kite.api.max-page-size") @QueryParam("limit") String limit) {
        int n = Paging.limit(limit, config);
        Long before = Paging.cursor(cursor);
        TaskId id = new TaskId(project, domain, nfc(name), null);
        access.require(access.caller(), project, Role.VIEWER, () -> ProblemException.notFound("no task " + id));
        return store.versions(id.project(), id.domain(), id.name(), before, n + 1).map(list -> {
            if (list.isEmpty() && before == null) {
                throw ProblemException.notFound("no task " + id);
            }
            return page(list, n);
        });
    }

    /** Tasks of a project (optionally one domain), in registration order. */
    @GET
    @Operation(operationId = "listTasks", summary = "List the task versions of a project, oldest registration first")
    @APIResponse(responseCode = "200", description = "A page of task versions; pass nextCursor back as cursor for the next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskPage.class)))
    @APIResponse(responseCode = "400", description = "Missing project, unknown domain, malformed cursor or limit",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "The project does not exist", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<Page<ObjectNode>> list(@Parameter(required = true) @QueryParam("project") String project,
            @Parameter(description = "one of the configured domains") @QueryParam("domain") String domain,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1 to kite.api.max-page-size") @QueryParam("limit") String limit) {
        if (project == null || project.isEmpty()) {
            throw ProblemException.badRequest("project", "the query parameter 'project' is required");
        }
        access.require(access.caller(), project, Role.VIEWER, () -> ProblemException.notFound("project '" + project
                + "' does not exist"));
        String d = domain == null || domain.isEmpty() ? null : domain;
        if (d != null && !config.domains().contains(d)) {
            throw ProblemException.badRequest("domain", "unknown domain \"" + domain + "\"; configured domains: "
                    + String.join(", ", new TreeSet<>(config.domains())));
        }
        int n = Paging.limit(limit, config);
        Long after = Paging.cursor(cursor);
        return store.list(project, d, after, n + 1).chain(list -> {
            if (!list.isEmpty() || after != null) {
                return Uni.createFrom().item(page(list, n));
            }
            // an empty first page: say so when the project itself does not exist (a typo, usually)
            return store.projectExists(project).map(exists -> {
                if (!exists) {
                    throw ProblemException.notFound("project '" + project + "' does not exist");
                }
                return page(list, n);
            });
        });
    }

    /** Names are stored NFC-normalized (see TaskId), so a name in a path is looked up the same way. */
    private static String nfc(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    private Page<ObjectNode> page(List<StoredTask> rows, int n) {
        List<ObjectNode> items = new ArrayList<>(Math.min(rows.size(), n));
        for (int i = 0; i < rows.size() && i < n; i++) {
            items.add(view(rows.get(i)));
        }
        String next = rows.size() > n ? String.valueOf(rows.get(n - 1).seq()) : null;
        return new Page<>(items, next);
    }

    private ObjectNode view(StoredTask e) {
        // rebuilt from the stored canonical template, so fields read in template order (id, type,
        // interface, ...) rather than in jsonb's storage order; the content is the same
        ObjectNode n = (ObjectNode) store.parse(e).toJson();
        n.put("digest", e.digest());
        n.put("registeredAt", e.createdAt() == null ? null : e.createdAt().toInstant().toString());
        return n;
    }
}
