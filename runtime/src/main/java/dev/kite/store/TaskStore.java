package dev.kite.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.kite.model.Canonical;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;

/**
 * The task registry in PostgreSQL. Registered versions are immutable, so parsed templates are
 * kept in memory once read.
 */
@ApplicationScoped
public class TaskStore {

    /** What a registration did. */
    public enum Outcome { CREATED, IDENTICAL, CONFLICT }

    /** A registration's outcome and the stored row. */
    public record Registration(Outcome outcome, TaskEntity stored) {
    }

    private static final int TEMPLATE_CACHE_MAX = 10_000;

    @Inject
    ObjectMapper mapper;

    @Inject
    Vertx vertx;

    private final Map<TaskId, TaskTemplate> templates = new ConcurrentHashMap<>();

    /**
     * Inserts the template unless its id exists; race-free under concurrent registration of one
     * id (the unique constraint decides, {@code ON CONFLICT DO NOTHING} never raises).
     */
    public Uni<Registration> register(TaskTemplate template) {
        TaskId id = template.id();
        String json = Canonical.json(template.toJson());
        String digest = template.digest();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("insert into tasks (project, domain, name, version, type, template, digest) "
                        + "values (?1, ?2, ?3, ?4, ?5, cast(cast(?6 as text) as jsonb), ?7) "
                        + "on conflict (project, domain, name, version) do nothing")
                .setParameter(1, id.project()).setParameter(2, id.domain()).setParameter(3, id.name())
                .setParameter(4, id.version()).setParameter(5, template.type()).setParameter(6, json)
                .setParameter(7, digest)
                .executeUpdate()))
                .chain(inserted -> find(id).map(stored -> {
                    Outcome outcome = inserted == 1 ? Outcome.CREATED
                            : stored.digest.equals(digest) ? Outcome.IDENTICAL : Outcome.CONFLICT;
                    if (outcome == Outcome.CREATED) {
                        latest.remove(new TaskId(id.project(), id.domain(), id.name(), null));
                    }
                    return new Registration(outcome, stored);
                }));
    }

    public Uni<TaskEntity> find(TaskId id) {
        return Panache.withSession(() -> TaskEntity.<TaskEntity>find(
                "project = ?1 and domain = ?2 and name = ?3 and version = ?4",
                id.project(), id.domain(), id.name(), id.version()).firstResult());
    }

    /** Versions of one task, newest first, after the cursor (a {@code seq}). */
    public Uni<List<TaskEntity>> versions(String project, String domain, String name, Long before, int limit) {
        return Panache.withSession(() -> TaskEntity.<TaskEntity>find(
                "project = ?1 and domain = ?2 and name = ?3 and seq < ?4 order by seq desc",
                project, domain, name, before == null ? Long.MAX_VALUE : before).range(0, limit - 1).list());
    }

    /** Tasks of a project (and domain, when given) in registration order, after the cursor. */
    public Uni<List<TaskEntity>> list(String project, String domain, Long after, int limit) {
        long from = after == null ? 0 : after;
        return Panache.withSession(() -> (domain == null
                ? TaskEntity.<TaskEntity>find("project = ?1 and seq > ?2 order by seq", project, from)
                : TaskEntity.<TaskEntity>find("project = ?1 and domain = ?2 and seq > ?3 order by seq", project, domain, from))
                .range(0, limit - 1).list());
    }

    /**
     * The template of a version, or of the newest version when {@code id.version()} is null.
     * Empty when no such task is registered.
     */
    public Uni<Optional<TaskTemplate>> template(TaskId id) {
        if (id.version() != null) {
            TaskTemplate cached = templates.get(id);
            if (cached != null) {
                return Uni.createFrom().item(Optional.of(cached));
            }
            return onSafeContext(() -> find(id).map(e -> Optional.ofNullable(e).map(this::remember)));
        }
        TaskId unversioned = new TaskId(id.project(), id.domain(), id.name(), null);
        Newest newest = latest.get(unversioned);
        if (newest != null && System.nanoTime() - newest.readAt < NEWEST_TTL_NANOS) {
            return Uni.createFrom().item(Optional.of(newest.template));
        }
        return onSafeContext(() -> versions(id.project(), id.domain(), id.name(), null, 1)
                .map(list -> list.stream().findFirst().map(e -> {
                    TaskTemplate t = remember(e);
                    latest.put(unversioned, new Newest(t, System.nanoTime()));
                    return t;
                })));
    }

    /**
     * "Newest version" answers are reused for a second: a submission without a version costs no
     * query on the hot path. A registration through this process forgets them at once; one through
     * another replica is seen within that second.
     */
    private static final long NEWEST_TTL_NANOS = 1_000_000_000L;

    private record Newest(TaskTemplate template, long readAt) {
    }

    private final Map<TaskId, Newest> latest = new ConcurrentHashMap<>();

    /**
     * Hibernate Reactive keeps its session on a safe duplicated Vert.x context. A request runs on
     * one; the engine's start-up and timers (resuming and taking over executions) do not, so their
     * reads move to a fresh one instead of failing with "No current Vertx context found".
     */
    private <T> Uni<T> onSafeContext(Supplier<Uni<T>> op) {
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current)
                && VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(current)) {
            return op.get();
        }
        Context fresh = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(fresh, true);
        return Uni.createFrom().emitter(em -> fresh.runOnContext(x -> op.get().subscribe().with(em::complete, em::fail)));
    }

    /** Parses a stored template; a stored one was valid when registered, whatever plugins run now. */
    public TaskTemplate parse(TaskEntity e) {
        try {
            JsonNode json = mapper.readTree(e.template);
            return TaskTemplate.fromJson(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored template of " + e.project + "/" + e.name + " is not JSON", ex);
        }
    }

    private TaskTemplate remember(TaskEntity e) {
        TaskTemplate known = templates.get(new TaskId(e.project, e.domain, e.name, e.version));
        if (known != null) {
            return known;
        }
        TaskTemplate t = parse(e);
        if (templates.size() >= TEMPLATE_CACHE_MAX) {
            templates.clear();
        }
        templates.put(t.id(), t);
        return t;
    }
}
