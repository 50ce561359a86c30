package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;

import dev.kite.kubernetes.KubernetesDriver;
import dev.kite.store.ExecutionRow;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.store.ExecutionStore;

/**
 * The log of an attempt whose work ran in a pod: streamed from the cluster while it has the pod
 * (deleted pods take their logs with them; {@code kite.kubernetes.keep-on-failure} keeps failed
 * ones). Blocking by nature (a log stream), so it runs on a worker thread.
 */
@Tag(name = "Executions")
@Path("/api/v1/executions/{id}/attempts/{n}/logs")
public class AttemptLogResource {

    @Inject
    ExecutionStore store;

    @Inject
    Instance<KubernetesDriver> kubernetes;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProjectAccess access;

    /**
     * Streams the attempt's container log as text. {@code follow=true} keeps the answer open while
     * the container writes; {@code tailLines=N} starts at the last N lines.
     */
    @GET
    @Blocking
    @Produces({MediaType.TEXT_PLAIN, Problems.MEDIA_TYPE})
    @Operation(operationId = "getAttemptLog", summary = "Read (or follow) the container log of an attempt")
    public Response log(@PathParam("id") String id, @PathParam("n") String n, @QueryParam("follow") String follow,
            @QueryParam("tailLines") String tailLines) {
        Caller caller = access.caller();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no execution " + id + " (not an execution id)");
        }
        int number = number(n, "n");
        Integer tail = tailLines == null || tailLines.isEmpty() ? null : number(tailLines, "tailLines");
        boolean following = QueryFlag.of(follow, "follow");
        ExecutionRow row = store.find(uuid).await().atMost(Duration.ofSeconds(30))
                .orElseThrow(() -> ProblemException.notFound("no execution " + id));
        access.require(caller, row.project(), Role.VIEWER, () -> ProblemException.notFound("no execution " + id));
        JsonNode attempt = attempt(row, number);
        JsonNode where = attempt.get("logs");
        if (where == null || where.isNull()) {
            throw ProblemException.notFound("attempt " + number + " of execution " + id + " has no pod log (task type of "
                    + row.name() + " does not run in a pod, or the attempt never created one)");
        }
        Optional<InputStream> log = kubernetes.get().log(where.path("namespace").asText(), where.path("pod").asText(),
                where.path("container").asText(), following, tail);
        if (log.isEmpty()) {
            throw ProblemException.notFound("the pod " + where.path("namespace").asText() + "/" + where.path("pod").asText()
                    + " of attempt " + number + " is no longer in the cluster (pods are deleted when their attempt ends;"
                    + " kite.kubernetes.keep-on-failure keeps failed ones)");
        }
        InputStream in = log.get();
        StreamingOutput body = out -> {
            try (in) {
                byte[] buffer = new byte[8192];
                for (int r; (r = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, r);
                    out.flush();
                }
            }
        };
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    private JsonNode attempt(ExecutionRow row, int number) {
        try {
            JsonNode attempts = mapper.readTree(row.attempts());
            for (JsonNode a : attempts) {
                if (a.path("number").asInt(-1) == number) {
                    return a;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        throw ProblemException.notFound("execution " + row.id() + " has no attempt " + number);
    }

    private static int number(String text, String path) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.badRequest(path, "must be a whole number ≥ 0, not '" + text + "'");
    }
}
