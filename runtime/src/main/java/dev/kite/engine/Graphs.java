package dev.kite.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.kite.graph.CompiledGraph;
import dev.kite.graph.GraphCompiler;
import dev.kite.graph.GraphLimits;
import dev.kite.graph.GraphProgress;
import dev.kite.graph.NodeSettings;
import dev.kite.model.Binding;
import dev.kite.model.Canonical;
import dev.kite.model.FieldErrors;
import dev.kite.model.Graph;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskError;
import dev.kite.store.ExecutionRow;

/**
 * The graphs of dynamic tasks. When a dynamic task's attempt answers a graph, it is compiled
 * ({@link GraphCompiler}; a problem fails the attempt USER, not retried, every problem listed),
 * stored, and the parent moves to RUNNING_NODES and gives up its slot. Each node then runs as a
 * child execution, written through {@link Submission#child} under an id derived from the parent
 * and the node's key, so that a resumed parent never writes a node twice: on a restart or a
 * takeover the graph is read back, the children written so far are read, and the graph goes on
 * from there ({@link GraphProgress} decides what runs next). A child that ends here reports at
 * once; the others are read every {@code kite.graph.check-interval}. A parent that ends other than
 * by its graph (abort, deadline) aborts its running children.
 */
final class Graphs implements GraphSteps {

    private static final Logger LOG = Logger.getLogger(Graphs.class);

    private final EngineParts parts;
    private final Admission admission;
    private final Conductor conductor;
    private final Submission submission;
    private final Timers timers;
    private final Function<UUID, Uni<Void>> abort;
    private final GraphLimits limits;
    private final Map<UUID, Parent> parents = new ConcurrentHashMap<>();

    /** A parent whose graph runs here. */
    private static final class Parent {
        final Run run;
        final GraphProgress progress;
        boolean ending;

        Parent(Run run, GraphProgress progress) {
            this.run = run;
            this.progress = progress;
        }
    }

    Graphs(EngineParts parts, Admission admission, Conductor conductor, Submission submission, Finishing finishing, Timers timers,
            Function<UUID, Uni<Void>> abort) {
        this.parts = parts;
        this.admission = admission;
        this.conductor = conductor;
        this.submission = submission;
        this.timers = timers;
        this.abort = abort;
        this.limits = GraphLimits.of(parts.config().graph());
        conductor.graphs(this);
        finishing.onRelease(this::released);
    }

    /** The deterministic id of the child at {@code key} of {@code parent}'s graph. */
    static UUID childId(UUID parent, String key) {
        return UUID.nameUUIDFromBytes((parent + "/" + key).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void answered(Run run, Attempt a, ObjectNode outputs) {
        JsonNode spec = outputs.get(Graph.OUTPUT_KEY);
        int size = Canonical.json(spec).getBytes(StandardCharsets.UTF_8).length;
        if (size > limits.maxSpecBytes()) {
            conductor.graphRejected(run, a, TaskError.user("GRAPH_TOO_LARGE", "the graph spec has " + size
                    + " bytes, more than the limit of " + limits.maxSpecBytes() + " (kite.graph.max-spec-bytes)"));
            return;
        }
        FieldErrors errors = new FieldErrors();
        Graph parsed = Graph.parse(spec, errors);
        if (parsed == null) {
            conductor.graphRejected(run, a, invalid(errors));
            return;
        }
        Graph graph = withBesideOutputs(parsed, outputs);
        lookUp(graph, run.task.id()).subscribe().with(found -> {
            GraphCompiler.Result r = GraphCompiler.compile(graph, run.task, found, run.depth + 1, limits);
            if (r.problems() != null) {
                conductor.graphRejected(run, a, invalid(r.problems()));
                return;
            }
            parts.guards().database(() -> parts.store().saveGraph(run.id, r.graph().toStored())).subscribe().with(
                    x -> conductor.graphCompiled(run, a, r.graph().order().size() + " nodes compiled",
                            () -> start(run, r.graph())),
                    f -> conductor.persistFailed(run, f));
        }, f -> conductor.graphRejected(run, a, TaskError.system("REGISTRY_UNAVAILABLE",
                "the tasks of the graph could not be read: " + f)));
    }

    private static TaskError invalid(FieldErrors errors) {
        return TaskError.user("GRAPH_INVALID", "the graph does not compile: "
                + String.join("; ", errors.list().stream().map(Object::toString).toList()));
    }

    /** Outputs answered beside the graph are literals of the outputs the graph leaves unbound. */
    private static Graph withBesideOutputs(Graph graph, ObjectNode outputs) {
        if (outputs.size() == 1) {
            return graph;
        }
        Map<String, Binding> all = new LinkedHashMap<>(graph.outputs());
        outputs.properties().forEach(e -> {
            if (!e.getKey().equals(Graph.OUTPUT_KEY)) {
                all.putIfAbsent(e.getKey(), Binding.literal(e.getValue()));
            }
        });
        return new Graph(graph.nodes(), all);
    }

    private Uni<Map<TaskId, Optional<TaskTemplate>>> lookUp(Graph graph, TaskId parent) {
        List<TaskId> ids = new ArrayList<>(GraphCompiler.references(graph, parent));
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Optional<TaskTemplate>>> reads = ids.stream().map(id -> parts.tasks().template(id)).toList();
        return Uni.join().all(reads).andFailFast().map(list -> {
            Map<TaskId, Optional<TaskTemplate>> found = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                found.put(ids.get(i), list.get(i));
            }
            return found;
        });
    }

    @Override
    public void resume(Run run) {
        parts.guards().database(() -> parts.store().graph(run.id)).chain(stored -> {
            if (stored.isEmpty()) {
                throw new IllegalStateException("no graph is stored");
            }
            JsonNode json = read(stored.get());
            Graph graph = CompiledGraph.specOf(json);
            return lookUp(graph, run.task.id()).map(found ->
                    GraphCompiler.compile(graph, run.task, found, json.path("depth").asInt(run.depth + 1), limits));
        }).subscribe().with(r -> {
            if (r.problems() != null) {
                conductor.graphEnded(run, null, TaskError.systemFatal("GRAPH_UNREADABLE", "the stored graph no longer compiles: "
                        + r.problems().list()));
            } else {
                start(run, r.graph());
            }
        }, f -> conductor.graphEnded(run, null, TaskError.system("GRAPH_UNREADABLE", "the stored graph could not be read: " + f)));
    }

    /** The graph runs here: the children written so far are read back, then it goes on. */
    private void start(Run run, CompiledGraph graph) {
        admission.yieldSlot(run);
        Parent p = new Parent(run, new GraphProgress(graph, run.inputs, limits));
        parents.put(run.id, p);
        if (run.isReleased() || run.phase().isTerminal()) {
            parents.remove(run.id);
            return;
        }
        parts.guards().database(() -> parts.store().children(run.id)).subscribe().with(rows -> observeAll(p, rows, () -> {
            step(p);
            check(p);
        }), f -> conductor.persistFailed(run, f));
    }

    /** The children's rows observed in order (their outputs read back first), then {@code then}. */
    private void observeAll(Parent p, List<ExecutionRow> rows, Runnable then) {
        Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> observe(p, row)).collect().last()
                .subscribe().with(x -> then.run(), f -> unreadable(p, f));
    }

    /** One child's row observed, its outputs read back first; true when done (an item, never null, for the Multi above). */
    private Uni<Boolean> observe(Parent p, ExecutionRow row) {
        if (row.lineage() == null) {
            return Uni.createFrom().item(true);
        }
        GraphProgress.ChildState state = !row.done() ? GraphProgress.ChildState.RUNNING
                : Phase.SUCCEEDED.name().equals(row.phase()) ? GraphProgress.ChildState.SUCCEEDED : GraphProgress.ChildState.FAILED;
        JsonNode error = row.error() == null ? null : read(row.error());
        String reason = error == null ? row.phase() : row.phase() + " " + error.path("code").asText() + ": " + error.path("message").asText();
        return readBack(row.outputs() == null ? null : (ObjectNode) read(row.outputs()))
                .invoke(outputs -> p.progress.observe(row.lineage().node(), state, outputs, reason)).replaceWith(true);
    }

    /**
     * A child's outputs as the graph binds them to the next nodes and to its own outputs: stored
     * ones (references Kite wrote) read back here, once, so that what the nodes take are values
     * and a value shaped like a reference is never read as one.
     */
    private Uni<ObjectNode> readBack(ObjectNode outputs) {
        return outputs == null || !parts.data().offloaded(outputs) ? Uni.createFrom().item(outputs) : parts.data().resolve(outputs);
    }

    private void unreadable(Parent p, Throwable f) {
        end(p, null, TaskError.system("DATA_STORE_UNAVAILABLE", "a node's offloaded outputs could not be read back: " + f.getMessage()));
    }

    /** What the graph's state calls for: its end, or the children that may start now. */
    private void step(Parent p) {
        while (true) {
            synchronized (p) {
                if (p.ending) {
                    return;
                }
            }
            GraphProgress.Verdict v = p.progress.verdict();
            if (v instanceof GraphProgress.Failed f) {
                end(p, null, TaskError.user(f.code(), f.message()));
                return;
            }
            if (v instanceof GraphProgress.Succeeded s) {
                end(p, s.outputs(), null);
                return;
            }
            List<GraphProgress.Launch> launches = p.progress.ready();
            if (!launches.isEmpty()) {
                launches.forEach(l -> launch(p, l));
                return;
            }
            if (p.progress.verdict() instanceof GraphProgress.Running) {
                return;
            }
        }
    }

    private void end(Parent p, ObjectNode outputs, TaskError error) {
        synchronized (p) {
            if (p.ending) {
                return;
            }
            p.ending = true;
        }
        if (error != null) {
            abortRunning(p);
        }
        conductor.graphEnded(p.run, outputs, error);
    }

    private void launch(Parent p, GraphProgress.Launch l) {
        UUID id = childId(p.run.id, l.key());
        ExecutionRow.Lineage lineage = new ExecutionRow.Lineage(p.run.id, l.key(),
                NodeSettings.of(p.run.depth + 1, p.progress.graph().node(l.node())));
        TaskTemplate task = NodeSettings.apply(l.task(), lineage);
        submission.child(id, task, l.inputs(), p.run, lineage).subscribe().with(child -> {
            if (child == null) {
                // written before this process took the graph over: its row says where it is
                parts.store().find(id).subscribe().with(row -> row.ifPresent(r -> observeAll(p, List.of(r), () -> step(p))),
                        f -> LOG.warnf("could not read child %s of %s: %s", id, p.run.id, f));
            } else if (child.phase().isTerminal()) {
                // written ended by a cache hit: never admitted, it reports as a run leaving does
                released(child);
            }
        }, f -> end(p, null, TaskError.system("CHILD_NOT_WRITTEN", "node " + l.key() + " could not be written: " + f)));
    }

    /** Every run that leaves this process: a child reports to its parent; a parent's graph stops here. */
    private void released(Run run) {
        if (run.lineage != null && run.endRow != null) {
            Parent p = parents.get(run.lineage.parent());
            if (p != null) {
                GraphProgress.ChildState state = run.phase() == Phase.SUCCEEDED ? GraphProgress.ChildState.SUCCEEDED
                        : GraphProgress.ChildState.FAILED;
                String error = run.error == null ? run.phase().name()
                        : run.phase() + " " + run.error.code() + ": " + (run.errorMessage != null ? run.errorMessage : run.error.message());
                readBack(run.outputs).subscribe().with(outputs -> {
                    p.progress.observe(run.lineage.node(), state, outputs, error);
                    step(p);
                }, f -> unreadable(p, f));
            }
        }
        Parent self = parents.remove(run.id);
        if (self != null && run.phase().isTerminal() && run.phase() != Phase.SUCCEEDED) {
            abortRunning(self);
        }
    }

    /** Children that do not end here (taken over by another process) are read now and then. */
    private void check(Parent p) {
        timers.after(parts.config().graph().checkInterval().toMillis(), () -> {
            if (parents.get(p.run.id) != p) {
                return;
            }
            List<UUID> elsewhere = p.progress.running().stream().map(k -> childId(p.run.id, k))
                    .filter(id -> !admission.isLocal(id)).toList();
            if (elsewhere.isEmpty()) {
                check(p);
                return;
            }
            parts.store().findAll(elsewhere).subscribe().with(rows -> observeAll(p, rows.stream().filter(ExecutionRow::done).toList(), () -> {
                step(p);
                check(p);
            }), f -> check(p));
        });
    }

    private void abortRunning(Parent p) {
        for (String key : p.progress.running()) {
            UUID id = childId(p.run.id, key);
            abort.apply(id).subscribe().with(x -> { }, f -> LOG.warnf("could not abort child %s of %s: %s", id, p.run.id, f));
        }
    }

    /** Aborts the open children of {@code parent} wherever they run (an abort of the parent). */
    Uni<Void> abortChildren(UUID parent) {
        return parts.store().children(parent).chain(rows -> {
            List<Uni<Void>> aborts = rows.stream().filter(r -> !r.done()).map(r -> abort.apply(r.id())).toList();
            return aborts.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(aborts).andCollectFailures().replaceWithVoid();
        });
    }

    private JsonNode read(String text) {
        try {
            return parts.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the store", e);
        }
    }
}
