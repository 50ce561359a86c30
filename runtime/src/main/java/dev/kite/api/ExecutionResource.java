package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.net.URI;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.kite.api.contract.Execution;
import dev.kite.api.contract.ExecutionEvent;
import dev.kite.api.contract.ExecutionPage;
import dev.kite.api.contract.Problem;
import dev.kite.api.contract.SubmitRequest;

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
import dev.kite.model.Canonical;
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
@Tag(name = "Executions", description = "Submitting, reading, aborting and following executions")
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    static final String WAIT = "Hold the answer until the execution ends, at most this long (capped at 60 s): "
            + "seconds (5, 2.5), with a unit (30s, 500ms, 2m) or ISO-8601 (PT30S)";
    static final String WAIT_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m)?|[Pp][0-9A-Za-z.]+)$";
    private static final java.util.regex.Pattern WAIT_FORM = java.util.regex.Pattern.compile(WAIT_PATTERN);

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

    @Inject
    ExecutionViews views;

    /**
     * Submits an execution: 202 with the new execution; with a {@code name} already used in the
     * project and domain, 200 with that execution (same task and inputs) or 409 (different).
     */
    @POST
    @Operation(operationId = "submitExecution", summary = "Submit an execution (optionally waiting for its end)",
            description = "Checks the inputs against the task's interface and starts the execution. With wait, the answer "
                    + "is held until the execution ends (200 with it) or the wait is over (202).")
    @APIResponse(responseCode = "202", description = "Accepted: the new execution (with wait: not ended within it); Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Execution.class)))
    @APIResponse(responseCode = "200", description = "With wait: the ended execution. With a client name already used for the same task and inputs: that execution",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Execution.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, inputs or wait: every invalid field, by path",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such task is registered (or the caller may not see its project)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The client name is used by an execution with another task or other inputs",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than kite.api.max-body-bytes",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not sent as JSON",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> submit(@Parameter(description = WAIT, schema = @Schema(type = SchemaType.STRING, pattern = WAIT_PATTERN,
            example = "30s")) @QueryParam("wait") String wait,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubmitRequest.class))) String body,
            @Context UriInfo request) {
        Duration max = waitParam(wait);
        Caller caller = access.caller();
        URI base = Locations.base(request);
        JsonNode json = JsonBodies.parse(body);
        FieldErrors errors = new FieldErrors();
        JsonBodies.rejectUnknown(json, List.of("task", "inputs", "name", "overwriteCache"), errors);
        TaskId id = TaskId.parse(json.get("task"), "task", errors, false);
        String given = JsonBodies.text(json, "name", errors, false);
        if (given != null && (given.isEmpty() || given.length() > 256)) {
            errors.add("name", "must be 1 to 256 characters");
        } else if (given != null) {
            Names.check(given, "name", errors);
        }
        // compared and stored in NFC, as every name is: the same name in another form is the same execution
        String name = given == null ? null : Canonical.nfc(given);
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
            // the audit row is written in the statement that writes the execution (none for an existing one)
            var submitted = audit.row(caller, AuditLog.EXECUTION_SUBMITTED, task.id().project(), null,
                    mapper.createObjectNode().set("task", task.id().toJson()));
            return dataValues.checkInputs(task, canonical)
                    .chain(() -> engine.submit(task, canonical, name, overwriteCache, caller.label(), submitted)).chain(s -> switch (s.outcome()) {
                case CREATED -> answer(caller, s.row(), max, true, base);
                case EXISTING -> answer(caller, s.row(), max, false, base);
                case CONFLICT -> throw ProblemException.conflict("an execution named '" + name + "' exists in "
                        + s.row().project() + "/" + s.row().domain() + " with another task or other inputs (" + s.id() + ")");
            });
        });
    }

    /**
     * The answer to a submission: without a wait, 202 (a new execution) or 200 (an existing one)
     * with it as written; with a wait, 200 with the finished execution when it ends within the
     * wait, else 202. A 202 carries the execution's {@code Location}.
     */
    private Uni<Response> answer(Caller caller, ExecutionRow row, Duration max, boolean created, URI base) {
        if (max.isZero()) {
            return Uni.createFrom().item(status(created ? 202 : 200, row.id(), view(row), base));
        }
        if (created && row.done()) {
            // written ended (a cache hit): this is its final row, nothing to wait for or read
            return links.inline(row, view(row)).map(found -> status(200, row.id(), found, base));
        }
        return get(caller, row.id(), row.id().toString(), max).map(found -> {
            boolean ended = Phase.valueOf(found.get("phase").asText()).isTerminal();
            return status(ended ? 200 : 202, row.id(), found, base);
        });
    }

    private static Response status(int status, UUID id, ObjectNode body, URI base) {
        Response.ResponseBuilder r = Response.status(status).entity(body);
        return (status == 202 ? r.location(Locations.absolute(base, URI.create("/api/v1/executions/" + id))) : r).build();
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
    @Operation(operationId = "getExecution", summary = "Read an execution (optionally waiting for its end)")
    @APIResponse(responseCode = "200", description = "The execution (with wait: once ended, or as it is when the wait is over)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Execution.class)))
    @APIResponse(responseCode = "404", description = "No such execution (or the caller may not see its project)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ObjectNode> get(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id,
            @Parameter(description = WAIT, schema = @Schema(type = SchemaType.STRING, pattern = WAIT_PATTERN, example = "30s"))
            @QueryParam("wait") String wait) {
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
        // an execution that ended (in this process: from its final row as written, else as read
        // while waiting) is answered from that row; otherwise (no wait, still running) from the database
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
    @Operation(operationId = "listExecutions", summary = "List the executions of a project, newest first")
    @APIResponse(responseCode = "200", description = "A page of executions; pass nextCursor back as cursor for the next page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionPage.class)))
    @APIResponse(responseCode = "404", description = "No such project (or the caller may not see it)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Page<ObjectNode>> list(@Parameter(required = true) @QueryParam("project") String project,
            @Parameter(description = "only this domain") @QueryParam("domain") String domain,
            @Parameter(description = "only executions of tasks of this name") @QueryParam("name") String name,
            @Parameter(schema = @Schema(implementation = Phase.class)) @QueryParam("phase") String phase,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1 to kite.api.max-page-size (default kite.api.default-page-size)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("limit") String limit) {
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
    @Operation(operationId = "listExecutionNodes", summary = "List the child executions of a dynamic execution, in the order they were written")
    @APIResponse(responseCode = "200", description = "A page of child executions (each names its parent, its node and the nodes it reads: dependsOn); pass nextCursor back as cursor",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionPage.class)))
    @APIResponse(responseCode = "404", description = "No such execution (or the caller may not see it)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Page<ObjectNode>> nodes(@PathParam("id") String id,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "page size, 1 to kite.api.max-page-size (default kite.api.default-page-size)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("limit") String limit) {
        Caller caller = access.caller();
        UUID uuid = uuid(id);
        int n = Paging.limit(limit, config);
        Long after = Paging.cursor(cursor);
        return readable(caller, uuid, id, Role.VIEWER).chain(parent -> store.children(uuid, after, n + 1))
                .chain(rows -> store.graph(uuid).map(graph -> {
                    List<ObjectNode> items = new ArrayList<>();
                    for (int i = 0; i < rows.size() && i < n; i++) {
                        if (access.canSee(caller, rows.get(i).project())) {
                            items.add(view(rows.get(i)));
                        }
                    }
                    NodeDependencies.add(graph, items, mapper);
                    return new Page<>(items, rows.size() > n ? String.valueOf(rows.get(n - 1).seq()) : null);
                }));
    }

    /** Aborts an execution (idempotent) and answers its state afterwards. */
    @POST
    @Path("{id}/abort")
    @Operation(operationId = "abortExecution", summary = "Abort an execution (idempotent)")
    @APIResponse(responseCode = "200", description = "The execution after the abort (ABORTED, or its end if it had ended)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Execution.class)))
    @APIResponse(responseCode = "404", description = "No such execution (or the caller may not see its project)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ObjectNode> abort(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id) {
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
    @Operation(operationId = "listExecutionEvents", summary = "The events of an execution, or follow them live (Server-Sent Events)",
            description = "Without follow: every event so far, oldest first. With follow=true (or Accept: text/event-stream): "
                    + "a text/event-stream of the same events, each `id: <position from 1>`, `event: event`, `data: <the event>`, "
                    + "as they are written; after the terminal event one `event: end` whose data is the execution as "
                    + "getExecution answers it, and the stream closes. Reconnect with Last-Event-ID to resume after that event. "
                    + "While idle, the stream gets a comment line `: keep-alive` every `kite.api.sse-keep-alive` (15 s).")
    @APIResponse(responseCode = "200", description = "The events (JSON), or the live stream (text/event-stream)", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON,
                schema = @Schema(type = SchemaType.ARRAY, implementation = ExecutionEvent.class)),
        @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                example = "id: 1\nevent: event\ndata: {\"at\":\"2026-12-01T11:27:30Z\",\"phase\":\"QUEUED\"}\n\n"))})
    @APIResponse(responseCode = "404", description = "No such execution (or the caller may not see its project)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(name = ExecutionStreamResource.LAST_EVENT_ID, in = ParameterIn.HEADER,
            description = "With follow: the id of the last event received; the stream resumes after it",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    public Uni<JsonNode> events(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id,
            @Parameter(description = "true: answer text/event-stream and follow the execution live to its end",
                    schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("follow") String follow) {
        Caller caller = access.caller();
        QueryFlag.of(follow, "follow");
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
            if (!WAIT_FORM.matcher(wait).matches()) {
                // Java would also read 5d, 0x1p2, +3 or 1e-9 as numbers of seconds: only the documented forms count
                throw new NumberFormatException(wait);
            }
            d = wait.startsWith("P") || wait.startsWith("p") ? Duration.parse(wait) : seconds(wait);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("wait", "expected seconds or a duration, e.g. 5, 30s, 2m, 500ms or PT5S");
        }
        if (d.isNegative()) {
            throw ProblemException.badRequest("wait", "must not be negative");
        }
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    /** {@code 5}, {@code 2.5}, {@code 30s}, {@code 500ms}, {@code 2m}. */
    private static Duration seconds(String wait) {
        String w = wait.strip();
        double factor = 1000;
        if (w.endsWith("ms")) {
            factor = 1;
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s")) {
            w = w.substring(0, w.length() - 1);
        } else if (w.endsWith("m")) {
            factor = 60_000;
            w = w.substring(0, w.length() - 1);
        }
        double n = Double.parseDouble(w);
        // beyond the longest wait anyway: the longest wait (as 1e9 seconds always were)
        return n > 1e9 ? MAX_WAIT : Duration.ofMillis((long) (n * factor));
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode view(ExecutionRow r) {
        return views.view(r);
    }
}
