package dev.kite.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.smallrye.mutiny.Uni;

import dev.kite.store.ExecutionRecords;
import dev.kite.store.ExecutionRow;
import dev.kite.store.NewExecution;
import dev.kite.store.StateChange;

/**
 * {@link ExecutionRecords} in memory, with the same fencing as the PostgreSQL store: a change
 * applies only to an open execution, and only for its owner (or anyone, with no owner given).
 * Node heartbeats are read from the test's clock. Keeps every applied phase, in order.
 */
final class InMemoryExecutions implements ExecutionRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ManualClock clock;
    private final Map<UUID, ExecutionRow> rows = new LinkedHashMap<>();
    /** Event arrays as written, parsed only when a test reads them. */
    private final Map<UUID, List<String>> events = new LinkedHashMap<>();
    private final Map<UUID, List<String>> phases = new LinkedHashMap<>();
    private final Map<String, Instant> heartbeats = new LinkedHashMap<>();
    private long seq;
    /** When set, every write fails (a database outage). */
    volatile boolean down;

    /** Reads of one execution by id so far. */
    int finds;

    InMemoryExecutions(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Uni<Boolean> insert(NewExecution e) {
        if (down) {
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }
        if (rows.containsKey(e.id())) {
            return Uni.createFrom().item(false);
        }
        if (e.clientName() != null && rows.values().stream().anyMatch(r -> e.clientName().equals(r.clientName())
                && r.project().equals(e.project()) && r.domain().equals(e.domain()))) {
            return Uni.createFrom().item(false);
        }
        StateChange s = e.state();
        rows.put(e.id(), new ExecutionRow(e.id(), e.project(), e.domain(), e.name(), e.version(), e.clientName(), s.phase(),
                s.done(), e.inputs(), s.outputs(), s.error(), s.attempts(), s.cacheStatus(), s.cacheKey(), s.cacheSource(),
                e.overwriteCache(), e.startTime(), e.seed(), e.owner(), s.nextAt(), e.deadlineAt(), ++seq, e.createdAt(),
                s.updatedAt()).withSubmitter(e.submittedBy()).withLineage(e.lineage()));
        events.put(e.id(), new ArrayList<>(List.of(e.events())));
        phases.put(e.id(), new ArrayList<>(List.of(e.phase())));
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<Boolean> update(StateChange c) {
        if (down) {
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }
        ExecutionRow r = rows.get(c.id());
        if (r == null || r.done() || (c.owner() != null && !c.owner().equals(r.owner()))) {
            return Uni.createFrom().item(false);
        }
        rows.put(c.id(), new ExecutionRow(r.id(), r.project(), r.domain(), r.name(), r.version(), r.clientName(), c.phase(),
                c.done(), r.inputs(), c.outputs(), c.error(), c.attempts(), c.cacheStatus(), c.cacheKey(), c.cacheSource(),
                r.overwriteCache(), r.startTime(), r.seed(), r.owner(), c.nextAt(), r.deadlineAt(), r.seq(), r.createdAt(),
                c.updatedAt()).withSubmitter(r.submittedBy()).withLineage(r.lineage()));
        events.get(c.id()).add(c.events());
        List<String> list = phases.get(c.id());
        if (!list.get(list.size() - 1).equals(c.phase())) {
            list.add(c.phase());
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<Optional<ExecutionRow>> find(UUID id) {
        finds++;
        return Uni.createFrom().item(Optional.ofNullable(rows.get(id)));
    }

    @Override
    public synchronized Uni<List<ExecutionRow>> findAll(Collection<UUID> ids) {
        return Uni.createFrom().item(ids.stream().map(rows::get).filter(r -> r != null).toList());
    }

    @Override
    public synchronized Uni<Optional<ExecutionRow>> findByClientName(String project, String domain, String clientName) {
        return Uni.createFrom().item(rows.values().stream().filter(r -> clientName.equals(r.clientName())
                && r.project().equals(project) && r.domain().equals(domain)).findFirst());
    }

    private final Map<UUID, String> graphs = new LinkedHashMap<>();

    @Override
    public synchronized Uni<List<ExecutionRow>> children(UUID parent) {
        return Uni.createFrom().item(rows.values().stream().filter(r -> r.lineage() != null && parent.equals(r.lineage().parent()))
                .toList());
    }

    @Override
    public synchronized Uni<Void> saveGraph(UUID execution, String graph) {
        if (down) {
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }
        graphs.put(execution, graph);
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Optional<String>> graph(UUID execution) {
        return Uni.createFrom().item(Optional.ofNullable(graphs.get(execution)));
    }

    @Override
    public synchronized Uni<Void> heartbeat(String node) {
        if (down) {
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }
        heartbeats.put(node, clock.now());
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> retire(String node) {
        heartbeats.put(node, Instant.EPOCH);
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<List<ExecutionRow>> owned(String node) {
        return Uni.createFrom().item(rows.values().stream().filter(r -> !r.done() && node.equals(r.owner())).toList());
    }

    @Override
    public synchronized Uni<List<ExecutionRow>> claimOrphans(String node, Duration lease, int limit) {
        List<ExecutionRow> claimed = new ArrayList<>();
        for (ExecutionRow r : List.copyOf(rows.values())) {
            Instant beat = r.owner() == null ? null : heartbeats.get(r.owner());
            boolean orphan = beat == null || beat.isBefore(clock.now().minus(lease));
            if (!r.done() && orphan && !node.equals(r.owner()) && claimed.size() < limit) {
                ExecutionRow mine = withOwner(r, node);
                rows.put(r.id(), mine);
                claimed.add(mine);
            }
        }
        return Uni.createFrom().item(claimed);
    }

    private static ExecutionRow withOwner(ExecutionRow r, String owner) {
        return new ExecutionRow(r.id(), r.project(), r.domain(), r.name(), r.version(), r.clientName(), r.phase(), r.done(),
                r.inputs(), r.outputs(), r.error(), r.attempts(), r.cacheStatus(), r.cacheKey(), r.cacheSource(),
                r.overwriteCache(), r.startTime(), r.seed(), owner, r.nextAt(), r.deadlineAt(), r.seq(), r.createdAt(),
                r.updatedAt()).withSubmitter(r.submittedBy()).withLineage(r.lineage());
    }

    /** Hands an execution to {@code owner} (another process took it over). */
    synchronized void reassign(UUID id, String owner) {
        rows.put(id, withOwner(rows.get(id), owner));
    }

    /** Writes a row as another process left it (for takeover tests). */
    synchronized void put(ExecutionRow row, String eventsJson) {
        rows.put(row.id(), row);
        events.put(row.id(), new ArrayList<>(List.of(eventsJson)));
        phases.put(row.id(), new ArrayList<>(List.of(row.phase())));
    }

    synchronized ExecutionRow row(UUID id) {
        return rows.get(id);
    }

    /** The phases written for the execution, in order (repeats of one phase folded). */
    synchronized List<String> phases(UUID id) {
        return List.copyOf(phases.get(id));
    }

    /** The phases of the execution's events, in order. */
    synchronized List<String> eventPhases(UUID id) {
        List<String> out = new ArrayList<>();
        events(id).forEach(e -> out.add(e.path("phase").asText()));
        return out;
    }

    synchronized ArrayNode events(UUID id) {
        ArrayNode all = MAPPER.createArrayNode();
        events.get(id).forEach(text -> all.addAll((ArrayNode) json(text)));
        return all;
    }

    synchronized List<ExecutionRow> all() {
        return List.copyOf(rows.values());
    }

    static OffsetDateTime utc(Instant i) {
        return Run.utc(i);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
