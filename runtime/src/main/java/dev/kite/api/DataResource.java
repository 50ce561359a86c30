package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;

import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;
import dev.kite.data.DataStores;
import dev.kite.data.Offloads;
import dev.kite.data.ValueReferences;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;

/**
 * The data of an execution's inputs and outputs: an offloaded value as JSON, a blob (or a
 * single-object dataset) as its bytes, streamed from the store or, where the store signs URLs and
 * {@code kite.storage.redirect-to-signed-urls} is on, a 307 to a signed URL; an inline value as
 * JSON. Runs on a worker thread: the body is read from the store as it is written.
 */
@Tag(name = "Executions")
@Path("/api/v1/executions/{id}/data/{kind}/{name}")
public class DataResource {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ExecutionStore store;

    @Inject
    DataStores data;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProjectAccess access;

    @GET
    @Blocking
    @Operation(operationId = "getExecutionData", summary = "Download an offloaded input or output value")
    public Response get(@PathParam("id") String id, @PathParam("kind") String kind, @PathParam("name") String name) {
        if (!List.of("inputs", "outputs").contains(kind)) {
            throw ProblemException.notFound("no " + kind + " of an execution; the data endpoint serves inputs and outputs");
        }
        Caller caller = access.caller();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no execution " + id + " (not an execution id)");
        }
        ExecutionRow row = store.find(uuid).await().atMost(WAIT)
                .orElseThrow(() -> ProblemException.notFound("no execution " + id));
        // the data of an execution in a project the caller cannot see is as absent as the execution
        access.require(caller, row.project(), Role.VIEWER, () -> ProblemException.notFound("no execution " + id));
        JsonNode named = parse("inputs".equals(kind) ? row.inputs() : row.outputs());
        JsonNode value = named == null ? null : named.get(name);
        if (value == null) {
            throw ProblemException.notFound("execution " + id + " has no " + kind + "." + name
                    + (named == null ? " (it has no " + kind + " yet)" : ""));
        }
        if (Offloads.isMarker(value)) {
            return stream(Offloads.uri(value), MediaType.APPLICATION_JSON, kind + "." + name);
        }
        Optional<ValueReferences.Ref> blob = ValueReferences.byShape(mapper.createObjectNode().set(name, value)).stream()
                .filter(r -> r.path().equals(name) && r.uri() != null).findFirst();
        if (blob.isEmpty()) {
            return Response.ok(value, MediaType.APPLICATION_JSON).build();
        }
        URI uri = blob.get().uri();
        if (!data.serves(uri)) {
            throw ProblemException.notFound(kind + "." + name + " is " + uri + ", which no configured data store serves");
        }
        if (data.config().redirectToSignedUrls() && data.localPath(uri).isEmpty()) {
            existing(uri, kind + "." + name);
            Optional<URI> signed = data.signedReadUrl(uri, data.config().signedUrlTtl()).await().atMost(WAIT);
            if (signed.isPresent()) {
                return Response.temporaryRedirect(signed.get()).build();
            }
        }
        return stream(uri, MediaType.APPLICATION_OCTET_STREAM, kind + "." + name);
    }

    private ObjectInfo existing(URI uri, String what) {
        return data.head(uri).await().atMost(WAIT).orElseThrow(() -> ProblemException.notFound(what + " refers to " + uri
                + ", where there is no object (deleted, past its retention, or a folder, which is not streamed)"));
    }

    private Response stream(URI uri, String type, String what) {
        ObjectInfo info = existing(uri, what);
        try {
            Optional<java.nio.file.Path> local = data.localPath(uri);
            if (local.isPresent()) {
                return Response.ok(local.get().toFile(), type).build();
            }
            InputStream in = data.open(uri).await().atMost(WAIT);
            return Response.ok(in, type).header("Content-Length", info.size()).build();
        } catch (DataStoreException e) {
            if (e.transientFailure()) {
                throw new ProblemException(503, "Service Unavailable", "the data store did not answer: " + e.getMessage());
            }
            throw ProblemException.notFound(what + ": " + e.getMessage());
        }
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored values that are not JSON", e);
        }
    }
}
