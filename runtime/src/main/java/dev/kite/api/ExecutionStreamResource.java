package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;

/**
 * The live streams as Server-Sent Events (decision 0020): the events of one execution
 * ({@code GET …/{id}/events?follow=true}, resumable with {@code Last-Event-ID}) and the phase
 * changes of a project's executions ({@code GET …/stream?project=P}). Who may watch, and whether
 * the request is valid, is judged before the stream starts ({@link #admit}, after the checks of
 * {@link ParameterChecks}), so that a refusal is an ordinary problem answer and not a stream.
 */
@Tag(name = "Executions")
@Path("/api/v1/executions")
public class ExecutionStreamResource {

    /** The header of a reconnecting client: the id of the last event it received. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    @Inject
    EventStreams streams;

    @Inject
    ExecutionViews views;

    @Inject
    ExecutionStore store;

    @Inject
    ProjectAccess access;

    @Inject
    dev.kite.config.KiteConfig config;

    /** The events of an execution as they happen; documented with {@code GET …/{id}/events}. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> follow(@PathParam("id") String id, @HeaderParam(LAST_EVENT_ID) String last,
            @Context Sse sse) {
        return KeepAlive.around(streams.follow(UUID.fromString(id), lastEventId(last)).onItem().transformToUniAndConcatenate(item -> {
            if (item instanceof EventStreams.Event e) {
                return Uni.createFrom().item(sse.newEventBuilder().id(String.valueOf(e.position())).name("event")
                        .data(e.json()).build());
            }
            ExecutionRow row = ((EventStreams.End) item).row();
            // the final state as GET /api/v1/executions/{id} answers it (read again: the aborter is written after the end)
            return store.find(row.id()).chain(found -> views.full(found.orElse(row)))
                    .map(view -> sse.newEventBuilder().name("end").data(view.toString()).build());
        }), sse, config.api().sseKeepAlive());
    }

    /** The executions of a project as their phases change; each event is the execution as lists show it. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "watchExecutions", summary = "Watch the executions of a project (Server-Sent Events)",
            description = "Each time an execution of the project (and domain, when given) changes phase, an event "
                    + "`execution` whose data is the execution as the list answers it. The stream writes at most once per "
                    + "`kite.api.watch-window` (100 ms): the executions that changed in it, each once with its latest "
                    + "state, in the order of their changes. It stays open, with a comment line `: keep-alive` every "
                    + "`kite.api.sse-keep-alive` (15 s).")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            description = "The live stream: `event: execution`, `data: <the execution as listExecutions shows it>`",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "404",
            description = "No such project (or the caller may not see it)")
    public Multi<OutboundSseEvent> stream(
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(required = true) @QueryParam("project") String project,
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "only this domain")
            @QueryParam("domain") String domain,
            @Context HttpServerResponse response) {
        String only = domain == null || domain.isEmpty() ? null : domain;
        return ProjectStream.open(response, streams.watch(project), only, this::frames, config.api().sseKeepAlive());
    }

    /** A batch's events, rendered once for all the watchers of one filter. */
    private byte[] frames(java.util.List<ExecutionRow> rows) {
        return ProjectStream.frames(rows, row -> views.view(row).toString());
    }

    /** Refuses, with a problem document, a stream the caller may not watch or asks for wrongly. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Uni<Response> admit(SimpleResourceInfo info, ContainerRequestContext request) {
        if (info.getResourceClass() != ExecutionStreamResource.class) {
            return Uni.createFrom().nullItem();
        }
        Uni<Void> check;
        try {
            check = "follow".equals(info.getMethodName()) ? admitFollow(request) : admitWatch(request);
        } catch (ProblemException e) {
            check = Uni.createFrom().failure(e);
        }
        return check.map(x -> (Response) null).onFailure(ProblemException.class)
                .recoverWithItem(f -> {
                    ProblemException e = (ProblemException) f;
                    return Problems.response(e.status(), e.title(), e.getMessage(), e.errors());
                });
    }

    private Uni<Void> admitFollow(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        lastEventId(request.getHeaderString(LAST_EVENT_ID));
        QueryFlag.of(request.getUriInfo().getQueryParameters().getFirst("follow"), "follow");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Not Found", "no execution " + id + " (not an execution id)");
        }
        Caller caller = access.caller();
        return store.find(uuid).map(row -> {
            ExecutionRow found = row.orElseThrow(() -> ProblemException.notFound("no execution " + id));
            access.require(caller, found.project(), Role.VIEWER, () -> ProblemException.notFound("no execution " + id));
            return null;
        });
    }

    private Uni<Void> admitWatch(ContainerRequestContext request) {
        String project = request.getUriInfo().getQueryParameters().getFirst("project");
        if (project == null || project.isEmpty()) {
            throw ProblemException.badRequest("project", "the query parameter 'project' is required");
        }
        access.require(access.caller(), project, Role.VIEWER);
        return Uni.createFrom().voidItem();
    }

    /** The number of events a reconnecting client has (0 for a new one). */
    static int lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(header.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(LAST_EVENT_ID, "expected the id of an event of this stream (a number from 1)");
    }
}
