package dev.kite.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.cache.CacheUnavailableException;
import dev.kite.cache.OutputCache;
import dev.kite.model.TaskId;
import dev.kite.security.AuditLog;
import dev.kite.security.Caller;
import dev.kite.security.ProjectAccess;
import dev.kite.security.Role;

/** Eviction of memoized outputs, by task (optionally one cache version) or by key. */
@Tag(name = "Cache", description = "The output cache: evicting entries")
@Path("/api/v1/cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    @Inject
    OutputCache cache;

    @Inject
    ProjectAccess access;

    @Inject
    AuditLog audit;

    @DELETE
    @Path("{project}/{domain}/{name}")
    @Operation(operationId = "evictTaskCache", summary = "Evict the cached outputs of a task")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The number of entries removed (0 when none, or in a project the caller may not see)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = dev.kite.api.contract.CacheEviction.class)))
    public Uni<ObjectNode> evictTask(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name, @QueryParam("cacheVersion") String cacheVersion,
            @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        // (an empty ?cacheVersion= reaches the method as null, as if it were absent)
        if (cacheVersion == null ? uri.getQueryParameters().containsKey("cacheVersion") : cacheVersion.isEmpty()) {
            // an empty value is a mistake, not "every version": leaving the parameter out says that
            throw ProblemException.badRequest("cacheVersion", "must not be empty (leave it out to evict every version)");
        }
        Caller caller = access.caller();
        access.require(caller, project, Role.ADMIN);
        TaskId task = new TaskId(project, domain, name, null);
        return answer(cache.evictTask(task, cacheVersion)).call(n -> audit.record(caller, AuditLog.CACHE_EVICTED, project,
                project + "/" + domain + "/" + name,
                JsonNodeFactory.instance.objectNode().put("cacheVersion", cacheVersion).put("removed", n.path("removed").asLong())));
    }

    @DELETE
    @Path("keys/{key}")
    @Operation(operationId = "evictCacheKey", summary = "Evict one cache entry by its key")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The number of entries removed (0 or 1)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = dev.kite.api.contract.CacheEviction.class)))
    public Uni<ObjectNode> evictKey(@PathParam("key") String key) {
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("key", "a cache key is 64 lower-case hex digits (see an execution's cacheKey)");
        }
        Caller caller = access.caller();
        // a key is evicted by an admin of the project that owns it; for anyone who cannot see that
        // project, it is as if there were no entry (nothing removed)
        Uni<Long> removed = cache.project(key).chain(project -> {
            if (project.isEmpty() || !access.canSee(caller, project.get())) {
                return Uni.createFrom().item(0L);
            }
            access.require(caller, project.get(), Role.ADMIN);
            return cache.evictKey(key).call(n -> n == 0 ? Uni.createFrom().voidItem()
                    : audit.record(caller, AuditLog.CACHE_EVICTED, project.get(), "key " + key, null));
        });
        return answer(removed);
    }

    private static Uni<ObjectNode> answer(Uni<Long> removed) {
        return removed.map(n -> JsonNodeFactory.instance.objectNode().put("removed", n))
                .onFailure(CacheUnavailableException.class).transform(f -> new ProblemException(503,
                        "Service Unavailable", "the cache is unreachable: " + f.getMessage()));
    }
}
