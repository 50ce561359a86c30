package dev.kite.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

import dev.kite.store.ExecutionNotices;
import dev.kite.store.ExecutionRow;
import dev.kite.store.ExecutionStore;

/**
 * The live streams of the API, fed by {@link ExecutionNotices} (no watcher polls the database):
 * the events of one execution as they are written, and the phase changes of a project's
 * executions. However many watch one execution, a notice is answered with one read of it, handed
 * to all of them; a project's changes are read in batches, one read in flight per project.
 */
@ApplicationScoped
public class EventStreams implements ExecutionNotices.Listener {

    /** What a follower of one execution receives: an event at its 1-based position, or the end. */
    public sealed interface Item permits Event, End {
    }

    /** The event at {@code position} (1-based) of the execution's event list, as JSON. */
    public record Event(int position, String json) implements Item {
    }

    /** The execution is done; {@code row} is its final state. */
    public record End(ExecutionRow row) implements Item {
    }

    /**
     * A changed execution of a watched project, handed to every watcher of the project as the same
     * object: what the watchers send is rendered once for all of them ({@link #rendered}).
     */
    public static final class Change {

        private final ExecutionRow row;
        private volatile Object rendered;

        Change(ExecutionRow row) {
            this.row = row;
        }

        public ExecutionRow row() {
            return row;
        }

        /** {@code render} of the row, computed by the first watcher that asks, reused by the others. */
        @SuppressWarnings("unchecked")
        public <T> T rendered(java.util.function.Function<ExecutionRow, T> render) {
            Object r = rendered;
            if (r == null) {
                r = render.apply(row);
                rendered = r;
            }
            return (T) r;
        }
    }

    @Inject
    ExecutionStore store;

    @Inject
    ExecutionNotices notices;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    private final Map<UUID, Readers<ExecutionStore.Snapshot>> executions = new ConcurrentHashMap<>();
    private final Map<String, ProjectWatch> projects = new ConcurrentHashMap<>();

    @PostConstruct
    void listen() {
        notices.listen(this);
    }

    /**
     * The events of execution {@code id} after the first {@code seen}, each once and in order, as
     * they are written; then its end, and the stream completes.
     */
    public Multi<Item> follow(UUID id, int seen) {
        return Multi.createFrom().emitter(em -> {
            Follower f = new Follower(em, seen, mapper);
            executions.compute(id, (k, r) -> (r == null ? new Readers<ExecutionStore.Snapshot>(() -> read(k)) : r).add(f));
            em.onTermination(() -> executions.computeIfPresent(id, (k, r) -> r.remove(f)));
            // its own first read: whatever was written before it joined
            store.snapshot(id).subscribe().with(s -> s.ifPresent(f), em::fail);
        });
    }

    /** The executions of {@code project} (and {@code domain}, when given) whose phase changes, as they change. */
    public Multi<Change> watch(String project, String domain) {
        return Multi.createFrom().emitter(em -> {
            Consumer<Change> w = change -> {
                if (domain == null || domain.equals(change.row().domain())) {
                    em.emit(change);
                }
            };
            projects.compute(project, (k, p) -> (p == null ? new ProjectWatch(k) : p).add(w));
            em.onTermination(() -> projects.computeIfPresent(project, (k, p) -> p.remove(w)));
        });
    }

    @Override
    public void accept(ExecutionNotices.Notice n) {
        Readers<ExecutionStore.Snapshot> r = executions.get(n.id());
        if (r != null) {
            r.refresh();
        }
        ProjectWatch p = n.phaseChanged() ? projects.get(n.project()) : null;
        if (p != null) {
            p.changed(n.id());
        }
    }

    @Override
    public void resync() {
        executions.values().forEach(Readers::refresh);
    }

    private void read(UUID id) {
        Readers<ExecutionStore.Snapshot> r = executions.get(id);
        if (r == null) {
            return;
        }
        store.snapshot(id).subscribe().with(s -> r.deliver(s.orElse(null)), failure -> r.deliver(null));
    }

    /**
     * The watchers of one execution and its read: at most one in flight; a notice during a read
     * asks for one more read after it (so that no change is missed and none read twice at once).
     */
    static final class Readers<T> {

        private final Set<Consumer<T>> members = ConcurrentHashMap.newKeySet();
        private final Runnable reader;
        private boolean reading;
        private boolean again;

        Readers(Runnable reader) {
            this.reader = reader;
        }

        Readers<T> add(Consumer<T> m) {
            members.add(m);
            return this;
        }

        /** This, or null (removed from its map) once nobody watches. */
        Readers<T> remove(Consumer<T> m) {
            members.remove(m);
            return members.isEmpty() ? null : this;
        }

        void refresh() {
            synchronized (this) {
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
            }
            reader.run();
        }

        void deliver(T value) {
            if (value != null) {
                members.forEach(m -> m.accept(value));
            }
            synchronized (this) {
                if (!again) {
                    reading = false;
                    return;
                }
                again = false;
            }
            reader.run();
        }
    }

    /** One follower of one execution: emits what it has not seen of each snapshot, in order. */
    static final class Follower implements Consumer<ExecutionStore.Snapshot> {

        private final MultiEmitter<? super Item> em;
        private final com.fasterxml.jackson.databind.ObjectMapper mapper;
        private int seen;
        private boolean ended;

        Follower(MultiEmitter<? super Item> em, int seen, com.fasterxml.jackson.databind.ObjectMapper mapper) {
            this.em = em;
            this.seen = seen;
            this.mapper = mapper;
        }

        @Override
        public synchronized void accept(ExecutionStore.Snapshot s) {
            if (ended || em.isCancelled()) {
                return;
            }
            com.fasterxml.jackson.databind.JsonNode events;
            try {
                events = mapper.readTree(s.events());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                em.fail(e);
                return;
            }
            // snapshots may arrive out of order: an older one has nothing new
            for (int i = seen; i < events.size(); i++) {
                em.emit(new Event(i + 1, events.get(i).toString()));
            }
            seen = Math.max(seen, events.size());
            if (s.row().done()) {
                ended = true;
                em.emit(new End(s.row()));
                em.complete();
            }
        }
    }

    /** The watchers of one project: the executions that changed phase, read in batches in order. */
    final class ProjectWatch {

        private final String project;
        private final Set<Consumer<Change>> members = ConcurrentHashMap.newKeySet();
        private final Set<UUID> pending = new LinkedHashSet<>();
        private boolean reading;

        ProjectWatch(String project) {
            this.project = project;
        }

        ProjectWatch add(Consumer<Change> m) {
            members.add(m);
            return this;
        }

        ProjectWatch remove(Consumer<Change> m) {
            members.remove(m);
            return members.isEmpty() ? null : this;
        }

        void changed(UUID id) {
            synchronized (this) {
                pending.add(id);
                if (reading) {
                    return;
                }
                reading = true;
            }
            drain();
        }

        private void drain() {
            List<UUID> ids;
            synchronized (this) {
                if (pending.isEmpty()) {
                    reading = false;
                    return;
                }
                ids = new ArrayList<>(pending);
                pending.clear();
            }
            store.findAll(ids).subscribe().with(rows -> {
                List<ExecutionRow> sorted = new ArrayList<>(rows);
                sorted.sort(Comparator.comparing(ExecutionRow::updatedAt));
                for (ExecutionRow row : sorted) {
                    if (project.equals(row.project())) {
                        Change change = new Change(row);
                        members.forEach(m -> m.accept(change));
                    }
                }
                drain();
            }, failure -> drain());
        }
    }
}
