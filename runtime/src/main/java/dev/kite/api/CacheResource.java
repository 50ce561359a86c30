package dev.kite.api;

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

/** Eviction of memoized outputs, by task (optionally one cache version) or by key. */
@Path("/api/v1/cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    @Inject
    OutputCache cache;

    @DELETE
    @Path("{project}/{domain}/{name}")
    public Uni<ObjectNode> evictTask(@PathParam("project") String project, @PathParam("domain") String domain,
            @PathParam("name") String name, @QueryParam("cacheVersion") String cacheVersion) {
        return answer(cache.evictTask(new TaskId(project, domain, name, null), cacheVersion));
    }

    @DELETE
    @Path("keys/{key}")
    public Uni<ObjectNode> evictKey(@PathParam("key") String key) {
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("key", "a cache key is 64 lower-case hex digits (see an execution's cacheKey)");
        }
        return answer(cache.evictKey(key));
    }

    private static Uni<ObjectNode> answer(Uni<Long> removed) {
        return removed.map(n -> JsonNodeFactory.instance.objectNode().put("removed", n))
                .onFailure(CacheUnavailableException.class).transform(f -> new ProblemException(503,
                        "Service Unavailable", "the cache is unreachable: " + f.getMessage()));
    }
}
