package dev.kite.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

import io.smallrye.mutiny.Uni;

import dev.kite.config.KiteConfig;
import dev.kite.data.DataValues;
import dev.kite.data.Offloads;
import dev.kite.engine.Engine;
import dev.kite.engine.Phase;
import dev.kite.model.FieldErrors;
import dev.kite.model.Names;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;
import dev.kite.security.AuditLog;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;
import dev.kite.store.TaskRegistry;

/** Executions: submit, read, list, abort, events. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    @Inject
    Engine engine;

    @Inject
    TaskRegistry tasks;

    @Inject
    ExecutionStore store;

    @Inject
    KiteConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProjectAccess access;

    @Inject
    AuditLog audit;

    @Inject
    DataValues dataValues;

    @Inject
    DataLinks links;

    /**
     * Submits an execution: 202 with the new execution; with a {@code name} already used in the
     * project and domain, 200 with that execution (same task and inputs) or 409 (different).
     */
    @POST
    public Uni<Response> submit(String body) {
        Caller caller = access.caller();
        JsonNode json = JsonBodies.parse(body);
        FieldErrors errors = new FieldErrors();
        JsonBodies.rejectUnknown(json, List.of("task", "inputs", "name", "overwriteCache"), errors);
        TaskId id = TaskId.parse(json.get("task"), "task", errors, false);
        String name = JsonBodies.text(json, "name", errors, false);
        if (name != null && (name.isEmpty() || name.length() > 256)) {
            errors.add("name", "must be 1 to 256 characters");
        } else if (name != null) {
            Names.check(name, "name", errors);
        }
        JsonNode overwrite = json.get("overwriteCache");
        if (overwrite != null && !overwrite.isNull() && !overwrite.isBoolean()) {
            errors.add("overwriteCache", "expected a boolean");
        }
        JsonNode inputs = json.get("inputs");
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            errors.add("inputs", "expected an object of input values by name");
        }
        errors.throwIfAny();
        boolean overwriteCache = overwrite != null && overwrite.asBoolean();
        access.require(caller, id.project(), Role.SUBMITTER, () -> noTask(id));
        return tasks.template(id).chain(found -> {
            if (found.isEmpty()) {
                throw noTask(id);
            }
            TaskTemplate task = found.get();
            FieldErrors inputErrors = new FieldErrors();
            ObjectNode canonical = Values.coerceInputs(task.iface().inputs(), inputs, "inputs", inputErrors);
            inputErrors.throwIfAny();
            return dataValues.checkInputs(task, canonical)
                    .chain(() -> engine.submit(task, canonical, name, overwriteCache, caller.label())).chain(s -> switch (s.outcome()) {
                case CREATED -> audit.record(caller, AuditLog.EXECUTION_SUBMITTED, task.id().project(), s.id().toString(),
                        mapper.createObjectNode().set("task", task.id().toJson()))
                        .map(x -> Response.accepted(view(s.row())).build());
                case EXISTING -> Uni.createFrom().item(Response.ok(view(s.row())).build());
                case CONFLICT -> throw ProblemException.conflict("an execution named '" + name + "' exists in "
                        + s.row().project() + "/" + s.row().domain() + " with another task or other inputs (" + s.id() + ")");
            });
        });
    }

    private static ProblemException noTask(TaskId id) {
        return new ProblemException(404, "Not Found", "no task " + describe(id) + " is registered",
                List.of(new dev.kite.model.FieldError("task", "no such task")));
    }

    private static String describe(TaskId id) {
        return id.project() + "/" + id.domain() + "/" + id.name() + (id.version() == null ? " (any version)" : "/" + id.version());
    }

    /**
     * Reads an execution. With {@code wait} (an ISO-8601 duration or seconds, at most 60 s) the
     * answer is held until the execution is done or the wait is over.
     */
    @GET
    @Path("{id}")
    public Uni<ObjectNode> get(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Caller caller = access.caller();
        UUID uuid = uuid(id);
        Duration max = waitParam(wait);
        if (!max.isZero() && !access.seesEverything(caller)) {
            // a caller that may not see it must not learn, by waiting, that it exists
            return readable(caller, uuid, id, Role.VIEWER).chain(row -> get(caller, uuid, id, max));
        }
        return get(caller, uuid, id, max);
    }

    private Uni<ObjectNode> get(Caller caller, UUID uuid, String id, Duration max) {
        // an execution that ended in this process while we waited is answered from its final row
        // as written; otherwise (no wait, elsewhere, still running) from the database
        Uni<Optional<ExecutionRow>> ended = max.isZero() ? Uni.createFrom().item(Optional.empty()) : engine.awaitEnd(uuid, max);
        // (a row ended by an abort is read again: the abort's principal is written after it)
        return ended.chain(end -> end.isPresent() && !Phase.ABORTED.name().equals(end.get().phase())
                ? Uni.createFrom().item(end) : store.find(uuid)).chain(row -> {
                    ExecutionRow found = row.orElseThrow(() -> ProblemException.notFound("no execution " + id));
                    access.require(caller, found.project(), Role.VIEWER, () -> ProblemException.notFound("no execution " + id));
                    return links.inline(found, view(found));
                });
    }

    /** The execution, when the caller has {@code role} in its project; its 404 otherwise. */
    private Uni<ExecutionRow> readable(Caller caller, UUID uuid, String id, Role role) {
        return store.find(uuid).map(row -> {
            ExecutionRow found = row.orElseThrow(() -> ProblemException.notFound("no execution " + id));
            access.require(caller, found.project(), role, () -> ProblemException.notFound("no execution " + id));
            return found;
        });
    }

    @GET
    public Uni<Page<ObjectNode>> list(@QueryParam("project") String project, @QueryParam("domain") String domain,
            @QueryParam("name") String name, @QueryParam("phase") String phase, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        if (project == null || project.isEmpty()) {
            throw ProblemException.badRequest("project", "the query parameter 'project' is required");
        }
        access.require(access.caller(), project, Role.VIEWER);
        if (phase != null && !phaseNames().contains(phase)) {
            throw ProblemException.badRequest("phase", "must be one of " + phaseNames());
        }
        int n = Paging.limit(limit, config);
        return store.list(project, domain, name, phase, Paging.cursor(cursor), n + 1).map(rows -> {
            List<ObjectNode> items = new ArrayList<>();
            for (int i = 0; i < rows.size() && i < n; i++) {
                items.add(view(rows.get(i)));
            }
            return new Page<>(items, rows.size() > n ? String.valueOf(rows.get(n - 1).seq()) : null);
        });
    }

    /**
     * The child executions of a dynamic execution, one per node and map element written so far,
     * in the order they were written (children in projects the caller may not see are left out).
     */
    @GET
    @Path("{id}/nodes")
    public Uni<Page<ObjectNode>> nodes(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Caller caller = access.caller();
        UUID uuid = uuid(id);
        int n = Paging.limit(limit, config);
        Long after = Paging.cursor(cursor);
        return readable(caller, uuid, id, Role.VIEWER).chain(parent -> store.children(uuid, after, n + 1)).map(rows -> {
            List<ObjectNode> items = new ArrayList<>();
            for (int i = 0; i < rows.size() && i < n; i++) {
                if (access.canSee(caller, rows.get(i).project())) {
                    items.add(view(rows.get(i)));
                }
            }
            return new Page<>(items, rows.size() > n ? String.valueOf(rows.get(n - 1).seq()) : null);
        });
    }

    /** Aborts an execution (idempotent) and answers its state afterwards. */
    @POST
    @Path("{id}/abort")
    public Uni<ObjectNode> abort(@PathParam("id") String id) {
        Caller caller = access.caller();
        UUID uuid = uuid(id);
        return readable(caller, uuid, id, Role.SUBMITTER).chain(row -> engine.abort(uuid)
                .chain(() -> store.markAborted(uuid, caller.label()))
                .call(marked -> marked ? audit.record(caller, AuditLog.EXECUTION_ABORTED, row.project(), id, null)
                        : Uni.createFrom().voidItem()))
                .chain(() -> store.find(uuid)).map(row -> view(row.orElseThrow()));
    }

    /** Every phase change of the execution and its attempts, oldest first. */
    @GET
    @Path("{id}/events")
    public Uni<JsonNode> events(@PathParam("id") String id) {
        Caller caller = access.caller();
        UUID uuid = uuid(id);
        return readable(caller, uuid, id, Role.VIEWER).chain(row -> store.events(uuid)).map(text -> parse(text.orElseThrow(() -> ProblemException.notFound("no execution " + id))));
    }

    private static Set<String> phaseNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Phase p : Phase.values()) {
            names.add(p.name());
        }
        return names;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Not Found", "no execution " + id + " (not an execution id)");
        }
    }

    private static Duration waitParam(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = wait.startsWith("P") || wait.startsWith("p") ? Duration.parse(wait) : Duration.ofMillis((long) (Double.parseDouble(wait) * 1000));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("wait", "expected seconds or an ISO-8601 duration, e.g. 5 or PT5S");
        }
        if (d.isNegative()) {
            throw ProblemException.badRequest("wait", "must not be negative");
        }
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode view(ExecutionRow r) {
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
