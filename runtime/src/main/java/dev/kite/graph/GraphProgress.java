package dev.kite.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.GraphNode;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Values;

/**
 * Where one parent's graph stands, and what runs next: a pure state machine over its children,
 * which the engine feeds with what it observes of them (started, ended, read back after a
 * restart) and asks for the children to start now ({@link #ready}) and for the graph's
 * {@link #verdict}. A plain node is one child, keyed by its id; a map node expands, once the
 * nodes it reads have succeeded, into one child per element, keyed {@code id[i]}. A node runs
 * once every node it reads has succeeded; at most {@code maxParallel} children of the parent and
 * {@code concurrency} elements of a map are in flight. A failed node fails the graph; a map fails
 * it only once its {@code minSuccesses} cannot be reached any more.
 */
public final class GraphProgress {

    public enum ChildState { RUNNING, SUCCEEDED, FAILED }

    /** A child to start: its key in the graph, its task and its inputs (coerced against the task's interface). */
    public record Launch(String key, String node, TaskTemplate task, ObjectNode inputs) {
    }

    /** The graph's state as a whole. */
    public sealed interface Verdict {
    }

    public record Running() implements Verdict {
    }

    /** Every node succeeded (a map: enough of its elements); the parent's outputs, not yet coerced. */
    public record Succeeded(ObjectNode outputs) implements Verdict {
    }

    public record Failed(String code, String message) implements Verdict {
    }

    private record Child(ChildState state, ObjectNode outputs, String error) {
    }

    private final CompiledGraph graph;
    private final ObjectNode inputs;
    private final GraphLimits limits;
    private final Map<String, Child> children = new HashMap<>();
    /** The number of elements of each expanded map node. */
    private final Map<String, Integer> elements = new HashMap<>();
    private final Map<String, Integer> inFlightOf = new HashMap<>();
    private int inFlight;
    private int expanded;
    private Failed failed;

    public GraphProgress(CompiledGraph graph, ObjectNode inputs, GraphLimits limits) {
        this.graph = graph;
        this.inputs = inputs;
        this.limits = limits;
        graph.order().forEach(id -> expanded += graph.node(id).map() == null ? 1 : 0);
    }

    public CompiledGraph graph() {
        return graph;
    }

    /** The key of element {@code i} of map node {@code id}. */
    public static String elementKey(String id, int i) {
        return id + "[" + i + "]";
    }

    /** The node a child key belongs to. */
    public static String nodeOf(String key) {
        int bracket = key.indexOf('[');
        return bracket < 0 ? key : key.substring(0, bracket);
    }

    /** Records what is known of a child; an end is final (a later RUNNING of it is ignored). */
    public synchronized void observe(String key, ChildState state, ObjectNode outputs, String error) {
        Child before = children.get(key);
        if (before != null && before.state != ChildState.RUNNING) {
            return;
        }
        String node = nodeOf(key);
        int delta = (state == ChildState.RUNNING ? 1 : 0) - (before != null ? 1 : 0);
        inFlight += delta;
        inFlightOf.merge(node, delta, Integer::sum);
        children.put(key, new Child(state, outputs, error));
    }

    /** The keys of the children in flight. */
    public synchronized List<String> running() {
        List<String> keys = new ArrayList<>();
        children.forEach((k, c) -> {
            if (c.state == ChildState.RUNNING) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** The children to start now (recorded as running); none once the graph failed. */
    public synchronized List<Launch> ready() {
        List<Launch> launches = new ArrayList<>();
        for (String id : graph.order()) {
            if (failed != null || inFlight >= limits.maxParallel()) {
                break;
            }
            GraphNode node = graph.node(id);
            if (!inputsReady(node)) {
                continue;
            }
            if (node.map() == null) {
                if (!children.containsKey(id)) {
                    launch(id, id, node, null, launches);
                }
            } else {
                launchElements(id, node, launches);
            }
        }
        return launches;
    }

    private void launchElements(String id, GraphNode node, List<Launch> launches) {
        JsonNode over = BindingValues.value(node.map().over(), inputs, this::outputOf);
        Integer n = elements.get(id);
        if (n == null) {
            n = over.isArray() ? over.size() : 0;
            if (expanded + n > limits.maxChildren()) {
                failed = new Failed("TOO_MANY_CHILDREN", "node " + id + " maps over " + n + " elements: the execution would have "
                        + (expanded + n) + " children, more than the limit of " + limits.maxChildren() + " (kite.graph.max-children)");
                return;
            }
            expanded += n;
            elements.put(id, n);
        }
        int limit = node.map().concurrency() > 0 ? node.map().concurrency() : Integer.MAX_VALUE;
        for (int i = 0; i < n && inFlight < limits.maxParallel() && inFlightOf.getOrDefault(id, 0) < limit && failed == null; i++) {
            String key = elementKey(id, i);
            if (!children.containsKey(key)) {
                launch(key, id, node, over.get(i), launches);
            }
        }
    }

    private void launch(String key, String id, GraphNode node, JsonNode element, List<Launch> launches) {
        TaskTemplate task = graph.tasks().get(id);
        ObjectNode bound = JsonNodeFactory.instance.objectNode();
        node.inputs().forEach((name, b) -> bound.set(name, BindingValues.value(b, inputs, this::outputOf)));
        if (element != null) {
            bound.set(node.map().as(), element);
        }
        FieldErrors errors = new FieldErrors();
        ObjectNode coerced = Values.coerceInputs(task.iface().inputs(), bound, FieldErrors.child("nodes", key) + ".inputs", errors);
        if (coerced == null) {
            failed = new Failed("INVALID_NODE_INPUTS", "the inputs of " + key + " do not fit " + task.id() + ": "
                    + String.join("; ", errors.list().stream().map(Object::toString).toList()));
            return;
        }
        observe(key, ChildState.RUNNING, null, null);
        launches.add(new Launch(key, id, task, coerced));
    }

    private boolean inputsReady(GraphNode node) {
        java.util.Set<String> reads = new java.util.HashSet<>();
        node.inputs().values().forEach(b -> b.nodes(reads));
        if (node.map() != null) {
            node.map().over().nodes(reads);
        }
        return reads.stream().allMatch(this::succeeded);
    }

    /** The graph as a whole: failed (the first cause), succeeded with the parent's outputs, or running. */
    public synchronized Verdict verdict() {
        if (failed != null) {
            return failed;
        }
        boolean all = true;
        for (String id : graph.order()) {
            GraphNode node = graph.node(id);
            if (node.map() == null) {
                Child c = children.get(id);
                if (c != null && c.state == ChildState.FAILED) {
                    failed = new Failed("NODE_FAILED", "node " + id + " failed: " + c.error);
                    return failed;
                }
                all &= c != null && c.state == ChildState.SUCCEEDED;
            } else {
                Verdict v = mapVerdict(id, node);
                if (v instanceof Failed f) {
                    failed = f;
                    return f;
                }
                all &= v instanceof Succeeded;
            }
        }
        if (!all) {
            return new Running();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        graph.graph().outputs().forEach((name, b) -> out.set(name, BindingValues.value(b, inputs, this::outputOf)));
        return new Succeeded(out);
    }

    private Verdict mapVerdict(String id, GraphNode node) {
        Integer n = elements.get(id);
        if (n == null) {
            return new Running();
        }
        int ok = 0;
        int bad = 0;
        String firstError = null;
        for (int i = 0; i < n; i++) {
            Child c = children.get(elementKey(id, i));
            if (c != null && c.state == ChildState.SUCCEEDED) {
                ok++;
            } else if (c != null && c.state == ChildState.FAILED) {
                bad++;
                firstError = firstError == null ? elementKey(id, i) + ": " + c.error : firstError;
            }
        }
        int required = node.map().required(n);
        if (bad > n - required) {
            return new Failed("MAP_FAILED", "node " + id + ": " + bad + " of " + n + " elements failed, " + required
                    + " must succeed (minSuccesses); first: " + firstError);
        }
        return ok + bad == n ? new Succeeded(null) : new Running();
    }

    private boolean succeeded(String id) {
        GraphNode node = graph.node(id);
        if (node.map() == null) {
            Child c = children.get(id);
            return c != null && c.state == ChildState.SUCCEEDED;
        }
        return mapVerdict(id, node) instanceof Succeeded;
    }

    /** A node's output: of a map node, the outputs of its elements that succeeded, in element order. */
    private JsonNode outputOf(String id, String output) {
        GraphNode node = graph.node(id);
        if (node.map() == null) {
            Child c = children.get(id);
            return c == null || c.outputs == null ? null : c.outputs.get(output);
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        int n = elements.getOrDefault(id, 0);
        for (int i = 0; i < n; i++) {
            Child c = children.get(elementKey(id, i));
            if (c != null && c.state == ChildState.SUCCEEDED && c.outputs != null) {
                list.add(c.outputs.get(output));
            }
        }
        return list;
    }
}
