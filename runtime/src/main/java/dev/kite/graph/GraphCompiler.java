package dev.kite.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kite.model.Binding;
import dev.kite.model.FieldErrors;
import dev.kite.model.Graph;
import dev.kite.model.GraphNode;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Variable;

/**
 * Compiles a graph spec before anything of it runs, reporting every problem with its path: the
 * limits (nodes, depth), that every referenced task exists (a missing version is pinned to the
 * newest), that the graph is acyclic, that every input is declared, bound when required and
 * bound to a value of a compatible type ({@link BindingTypes}), and that the parent's declared
 * outputs are all bound, with matching types. Pure: the templates are looked up beforehand.
 */
public final class GraphCompiler {

    private GraphCompiler() {
    }

    /** A compiled graph, or the problems that stopped it (never both). */
    public record Result(CompiledGraph graph, FieldErrors problems) {
    }

    /** The task a reference names, the parent's project and domain filling what it leaves out. */
    public static TaskId resolve(GraphNode.Ref ref, TaskId parent) {
        return new TaskId(ref.project() != null ? ref.project() : parent.project(),
                ref.domain() != null ? ref.domain() : parent.domain(), ref.name(), ref.version());
    }

    /** The tasks a graph refers to, to be looked up before {@link #compile}. */
    public static Set<TaskId> references(Graph graph, TaskId parent) {
        Set<TaskId> ids = new LinkedHashSet<>();
        graph.nodes().values().forEach(n -> ids.add(resolve(n.task(), parent)));
        return ids;
    }

    /**
     * @param found the templates of {@link #references} (absent: not registered)
     * @param depth the depth this graph runs at (1 for a root execution's graph)
     */
    public static Result compile(Graph graph, TaskTemplate parent, Map<TaskId, Optional<TaskTemplate>> found, int depth,
            GraphLimits limits) {
        FieldErrors errors = new FieldErrors();
        if (graph.nodes().size() > limits.maxNodes()) {
            errors.add("nodes", "the graph has " + graph.nodes().size() + " nodes, more than the limit of " + limits.maxNodes()
                    + " (kite.graph.max-nodes)");
        }
        Map<String, TaskTemplate> tasks = new LinkedHashMap<>();
        Map<String, GraphNode> pinned = new LinkedHashMap<>();
        graph.nodes().forEach((id, node) -> {
            String path = FieldErrors.child("nodes", id);
            TaskId ref = resolve(node.task(), parent.id());
            Optional<TaskTemplate> t = found.getOrDefault(ref, Optional.empty());
            if (t.isEmpty()) {
                errors.add(FieldErrors.child(path, "task"), "no task " + ref + " is registered");
                return;
            }
            if (t.get().metadata().dynamic() && depth + 1 > limits.maxDepth()) {
                errors.add(FieldErrors.child(path, "task"), t.get().id() + " is dynamic and would nest graphs " + (depth + 1)
                        + " deep, more than the limit of " + limits.maxDepth() + " (kite.graph.max-depth)");
            }
            tasks.put(id, t.get());
            pinned.put(id, new GraphNode(GraphNode.Ref.of(t.get().id()), node.inputs(), node.retries(), node.timeout(),
                    node.noCache(), node.map()));
        });
        List<String> order = Order.of(graph, errors);
        BindingTypes types = new BindingTypes(graph, parent, tasks, errors);
        tasks.forEach((id, task) -> checkInputs(id, graph.nodes().get(id), task, types, errors));
        checkOutputs(graph, parent, types, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new CompiledGraph(new Graph(pinned, graph.outputs()), order, tasks, depth), null);
    }

    private static void checkInputs(String id, GraphNode node, TaskTemplate task, BindingTypes types, FieldErrors errors) {
        String path = FieldErrors.child(FieldErrors.child("nodes", id), "inputs");
        Map<String, Variable> declared = task.iface().inputs();
        node.inputs().forEach((name, binding) -> {
            Variable v = declared.get(name);
            if (v == null) {
                errors.add(FieldErrors.child(path, name), "not an input of " + task.id() + " (inputs: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            } else {
                types.check(binding, v.type(), FieldErrors.child(path, name));
            }
        });
        GraphNode.MapSpec map = node.map();
        if (map != null) {
            String mapPath = FieldErrors.child(FieldErrors.child("nodes", id), "map");
            Variable as = declared.get(map.as());
            if (as == null) {
                errors.add(FieldErrors.child(mapPath, "as"), "'" + map.as() + "' is not an input of " + task.id());
            } else if (node.inputs().containsKey(map.as())) {
                errors.add(FieldErrors.child(mapPath, "as"), "input '" + map.as() + "' is bound in inputs too");
            } else {
                types.checkElements(map.over(), as.type(), FieldErrors.child(mapPath, "over"));
            }
        }
        declared.forEach((name, v) -> {
            boolean bound = node.inputs().containsKey(name) || (map != null && map.as().equals(name));
            if (v.required() && !bound) {
                errors.add(FieldErrors.child(path, name), "required input of " + task.id() + " is not bound");
            }
        });
    }

    private static void checkOutputs(Graph graph, TaskTemplate parent, BindingTypes types, FieldErrors errors) {
        Map<String, Variable> declared = parent.iface().outputs();
        graph.outputs().forEach((name, binding) -> {
            Variable v = declared.get(name);
            if (v == null) {
                errors.add(FieldErrors.child("outputs", name), "not an output of " + parent.id() + " (outputs: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            } else {
                types.check(binding, v.type(), FieldErrors.child("outputs", name));
            }
        });
        declared.keySet().stream().filter(name -> !graph.outputs().containsKey(name)).forEach(name ->
                errors.add(FieldErrors.child("outputs", name), "declared output of " + parent.id() + " is not bound"));
    }

    /** The nodes in dependency order; a reference to an unknown node or a cycle is recorded. */
    static final class Order {
        private Order() {
        }

        static List<String> of(Graph graph, FieldErrors errors) {
            Map<String, Set<String>> reads = new LinkedHashMap<>();
            graph.nodes().forEach((id, node) -> reads.put(id, node.reads()));
            List<String> order = new ArrayList<>();
            Map<String, Integer> state = new LinkedHashMap<>();
            for (String id : reads.keySet()) {
                visit(id, reads, state, order, new ArrayList<>(), errors);
            }
            return order;
        }

        private static void visit(String id, Map<String, Set<String>> reads, Map<String, Integer> state, List<String> order,
                List<String> stack, FieldErrors errors) {
            Integer s = state.get(id);
            if (s != null) {
                if (s == 1) {
                    List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(id), stack.size()));
                    cycle.add(id);
                    errors.add(FieldErrors.child("nodes", id), "cycle: " + String.join(" → ", cycle));
                }
                return;
            }
            state.put(id, 1);
            stack.add(id);
            for (String from : reads.get(id)) {
                if (reads.containsKey(from)) {
                    visit(from, reads, state, order, stack, errors);
                }
            }
            stack.remove(stack.size() - 1);
            state.put(id, 2);
            order.add(id);
        }
    }
}
