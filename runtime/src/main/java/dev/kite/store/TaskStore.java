package dev.kite.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.model.Canonical;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;

/**
 * The task registry in PostgreSQL, on the reactive client (as executions are). Registered
 * versions are immutable, so parsed templates are kept in memory once read.
 */
@ApplicationScoped
public class TaskStore {

    /** What a registration did. */
    public enum Outcome { CREATED, IDENTICAL, CONFLICT }

    /** A registration's outcome and the stored row. */
    public record Registration(Outcome outcome, StoredTask stored) {
    }

    private static final int TEMPLATE_CACHE_MAX = 10_000;

    private static final String INSERT = "insert into tasks (project, domain, name, version, type, template, digest) "
            + "values ($1, $2, $3, $4, $5, $6::text::jsonb, $7) on conflict (project, domain, name, version) do nothing";
    private static final String FIND = "select " + StoredTask.COLUMNS + " from tasks "
            + "where project = $1 and domain = $2 and name = $3 and version = $4";
    private static final String VERSIONS = "select " + StoredTask.COLUMNS + " from tasks "
            + "where project = $1 and domain = $2 and name = $3 and seq < $4 order by seq desc limit $5";
    private static final String LIST = "select " + StoredTask.COLUMNS + " from tasks "
            + "where project = $1 and seq > $2 order by seq limit $3";
    // a statement of its own (not "$2 is null or domain = $2"), so that its plan uses the domain
    private static final String LIST_DOMAIN = "select " + StoredTask.COLUMNS + " from tasks "
            + "where project = $1 and domain = $2 and seq > $3 order by seq limit $4";

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    private final Map<TaskId, TaskTemplate> templates = new ConcurrentHashMap<>();

    /**
     * Inserts the template unless its id exists; race-free under concurrent registration of one
     * id (the unique constraint decides, {@code ON CONFLICT DO NOTHING} never raises).
     */
    public Uni<Registration> register(TaskTemplate template) {
        TaskId id = template.id();
        String json = Canonical.json(template.toJson());
        String digest = template.digest();
        Tuple row = Tuple.of(id.project(), id.domain(), id.name(), id.version(), template.type(), json).addString(digest);
        return pool.preparedQuery(INSERT).execute(row).map(RowSet::rowCount)
                .chain(inserted -> find(id).map(stored -> {
                    Outcome outcome = inserted == 1 ? Outcome.CREATED
                            : stored.digest().equals(digest) ? Outcome.IDENTICAL : Outcome.CONFLICT;
                    if (outcome == Outcome.CREATED) {
                        latest.remove(new TaskId(id.project(), id.domain(), id.name(), null));
                    }
                    return new Registration(outcome, stored);
                }));
    }

    /** One stored version, or null. */
    public Uni<StoredTask> find(TaskId id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id.project(), id.domain(), id.name(), id.version()))
                .map(rows -> rows.size() == 0 ? null : StoredTask.of(rows.iterator().next()));
    }

    /** Versions of one task, newest first, after the cursor (a {@code seq}). */
    public Uni<List<StoredTask>> versions(String project, String domain, String name, Long before, int limit) {
        return pool.preparedQuery(VERSIONS)
                .execute(Tuple.of(project, domain, name, before == null ? Long.MAX_VALUE : before, limit))
                .map(TaskStore::rows);
    }

    /** Tasks of a project (and domain, when given) in registration order, after the cursor. */
    public Uni<List<StoredTask>> list(String project, String domain, Long after, int limit) {
        long from = after == null ? 0L : after;
        return (domain == null ? pool.preparedQuery(LIST).execute(Tuple.of(project, from, limit))
                : pool.preparedQuery(LIST_DOMAIN).execute(Tuple.of(project, domain, from, limit)))
                .map(TaskStore::rows);
    }

    private static List<StoredTask> rows(RowSet<Row> rows) {
        List<StoredTask> list = new ArrayList<>(rows.size());
        for (Row r : rows) {
            list.add(StoredTask.of(r));
        }
        return list;
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
            return find(id).map(e -> Optional.ofNullable(e).map(this::remember));
        }
        TaskId unversioned = new TaskId(id.project(), id.domain(), id.name(), null);
        Newest newest = latest.get(unversioned);
        if (newest != null && System.nanoTime() - newest.readAt < NEWEST_TTL_NANOS) {
            return Uni.createFrom().item(Optional.of(newest.template));
        }
        return versions(id.project(), id.domain(), id.name(), null, 1)
                .map(list -> list.stream().findFirst().map(e -> {
                    TaskTemplate t = remember(e);
                    latest.put(unversioned, new Newest(t, System.nanoTime()));
                    return t;
                }));
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

    /** Parses a stored template; a stored one was valid when registered, whatever plugins run now. */
    public TaskTemplate parse(StoredTask e) {
        try {
            JsonNode json = mapper.readTree(e.template());
            return TaskTemplate.fromJson(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored template of " + e.project() + "/" + e.name() + " is not JSON", ex);
        }
    }

    private TaskTemplate remember(StoredTask e) {
        TaskTemplate known = templates.get(new TaskId(e.project(), e.domain(), e.name(), e.version()));
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
