package dev.kite.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * The executions of a watched project that changed in one window, in the order of their
     * changes, each once with its latest state. Handed to every watcher of the project as the same
     * object, so that what they send is rendered once per domain filter ({@link #rendered}).
     */
    public static final class Batch {

        private static final String ALL = "";

        private final List<ExecutionRow> rows;
        private final Map<String, Object> rendered = new ConcurrentHashMap<>();

        Batch(List<ExecutionRow> rows) {
            this.rows = rows;
        }

        /** The rows of {@code domain}, or all of them when it is null. */
        public List<ExecutionRow> rows(String domain) {
            return domain == null ? rows : rows.stream().filter(r -> domain.equals(r.domain())).toList();
        }

        /**
         * {@code render} of {@link #rows(String) the rows of domain}, computed by the first watcher
         * of that filter that asks and reused by the others (all pass the same function); null when
         * the filter leaves no row.
         */
        @SuppressWarnings("unchecked")
        public <T> T rendered(String domain, java.util.function.Function<List<ExecutionRow>, T> render) {
            Object r = rendered.computeIfAbsent(domain == null ? ALL : "=" + domain, k -> {
                List<ExecutionRow> mine = rows(domain);
                return mine.isEmpty() ? Optional.empty() : Optional.of(render.apply(mine));
            });
            return ((Optional<T>) r).orElse(null);
        }
    }

    @Inject
    ExecutionStore store;

    @Inject
    ExecutionNotices notices;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @Inject
    dev.kite.config.KiteConfig config;

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

    /**
     * The executions of {@code project} whose phase changes: a batch per window
     * ({@code kite.api.watch-window}) in which some changed. A watcher of one domain takes its rows
     * with {@link Batch#rendered}, which filters once per domain for all of them. The watch has no
     * resume: it completes when changes may have gone unannounced (the process's {@code LISTEN}
     * connection came back, or a transaction changed more executions than were announced), so that
     * its client lists again and watches anew rather than miss them silently.
     */
    public Multi<Batch> watch(String project) {
        return Multi.createFrom().emitter(em -> {
            // before it joins, so that an end coming right after it joined still takes it out
            em.onTermination(() -> projects.computeIfPresent(project, (k, p) -> p.remove(em)));
            projects.compute(project, (k, p) -> (p == null ? new ProjectWatch(k, config.api().watchWindow()) : p).add(em));
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
    public void resync(ExecutionNotices.Gap gap) {
        executions.values().forEach(Readers::refresh);
        // a watch has no resume: whatever the gap (the first connection too: a watch opened
        // before it, while the process was not ready, heard nothing until then), it ends, and its
        // client lists again
        projects.values().forEach(ProjectWatch::end);
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

    /**
     * The watchers of one project: the executions that changed phase, read in batches in order, at
     * most one read in flight and one batch per window. A change after a quiet window is read at
     * once; changes during a read or a window wait for the window's end and go out together.
     */
    final class ProjectWatch {

        /** How many executions a watch remembers having sent, to send no state twice. */
        private static final int RECENT = 4096;

        private final String project;
        private final long windowNanos;
        private final Set<MultiEmitter<? super Batch>> members = ConcurrentHashMap.newKeySet();
        private final Set<UUID> pending = new LinkedHashSet<>();
        private boolean reading;
        private long lastSent;
        /** The state each recently sent execution was sent in (touched by one read at a time). */
        private final Map<UUID, Object> sent = new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Object> eldest) {
                return size() > RECENT;
            }
        };

        ProjectWatch(String project, java.time.Duration window) {
            this.project = project;
            this.windowNanos = window.toNanos();
            this.lastSent = System.nanoTime() - windowNanos;
        }

        ProjectWatch add(MultiEmitter<? super Batch> m) {
            members.add(m);
            return this;
        }

        ProjectWatch remove(MultiEmitter<? super Batch> m) {
            members.remove(m);
            return members.isEmpty() ? null : this;
        }

        /** Completes every watcher's stream (each then leaves the watch); what was pending is dropped with it. */
        void end() {
            synchronized (this) {
                pending.clear();
            }
            members.forEach(MultiEmitter::complete);
        }

        void changed(UUID id) {
            long wait;
            synchronized (this) {
                pending.add(id);
                if (reading) {
                    return;
                }
                reading = true;
                wait = lastSent + windowNanos - System.nanoTime();
            }
            drainAfter(wait);
        }

        private void drainAfter(long nanos) {
            if (nanos <= 0) {
                drain();
            } else {
                io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()
                        .schedule(this::drain, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
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
                List<ExecutionRow> mine = new ArrayList<>(rows.size());
                for (ExecutionRow row : rows) {
                    // a notice that came during the read before may find the row as that read sent it
                    if (project.equals(row.project()) && !row.updatedAt().equals(sent.put(row.id(), row.updatedAt()))) {
                        mine.add(row);
                    }
                }
                mine.sort(Comparator.comparing(ExecutionRow::updatedAt));
                if (!mine.isEmpty()) {
                    Batch batch = new Batch(mine);
                    members.forEach(m -> m.emit(batch));
                }
                next();
            }, failure -> next());
        }

        /** After a read: the changes that came meanwhile, a window after this batch. */
        private void next() {
            synchronized (this) {
                lastSent = System.nanoTime();
                if (pending.isEmpty()) {
                    reading = false;
                    return;
                }
            }
            drainAfter(windowNanos);
        }
    }
}
