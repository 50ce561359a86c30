package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a dynamic task answers: {@code {"nodes": {id: node}, "outputs": {name: binding}}}. Each
 * node runs a task as a child execution of the parent; {@code outputs} binds the parent's
 * declared outputs to node outputs (or to its inputs, or literals). Kite compiles a graph (tasks
 * exist, no cycle, types match, inputs bound, limits) before any node runs. Built in JSON by any
 * plugin, or in Java with {@link #builder()}:
 *
 * <pre>{@code
 * Graph.Builder g = Graph.builder();
 * g.map("square", "square").over(g.input("numbers")).as("x").minSuccesses(0.9);
 * g.node("sum", "sum").input("values", g.output("square", "o0"));
 * return g.output("total", g.output("sum", "o0")).build();
 * }</pre>
 */
public record Graph(Map<String, GraphNode> nodes, Map<String, Binding> outputs) {

    /** The key of a dynamic task's attempt outputs under which its graph travels. */
    public static final String OUTPUT_KEY = "$graph";

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
    /** Literals of the Java builder, written as a Java task's outputs are. */
    private static final ObjectMapper VALUES = com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .build();

    public Graph {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public JsonNode toJson() {
        ObjectNode n = Json.object();
        ObjectNode ns = n.putObject("nodes");
        nodes.forEach((id, node) -> ns.set(id, node.toJson()));
        ObjectNode out = n.putObject("outputs");
        outputs.forEach((k, b) -> out.set(k, b.toJson()));
        return n;
    }

    /** Parses a graph spec; null after recording every problem under its path. */
    public static Graph parse(JsonNode node, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add("graph", "expected {\"nodes\": {...}, \"outputs\": {...}}, got " + Json.describe(node));
            return null;
        }
        int before = errors.size();
        Json.rejectUnknownKeys(node, List.of("nodes", "outputs"), "", errors);
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        JsonNode ns = node.get("nodes");
        if (ns == null || !ns.isObject()) {
            errors.add("nodes", "expected an object of node id to node, got " + Json.describe(ns));
        } else {
            for (Map.Entry<String, JsonNode> e : ns.properties()) {
                String path = FieldErrors.child("nodes", e.getKey());
                if (!NODE_ID.matcher(e.getKey()).matches()) {
                    errors.add(path, "invalid node id; must match [A-Za-z_][A-Za-z0-9_-]{0,62}");
                    continue;
                }
                GraphNode n = GraphNode.parse(e.getValue(), path, errors);
                if (n != null) {
                    nodes.put(e.getKey(), n);
                }
            }
        }
        Map<String, Binding> outputs = new LinkedHashMap<>();
        JsonNode out = node.get("outputs");
        if (!Json.absent(out) && !out.isObject()) {
            errors.add("outputs", "expected an object of output name to binding, got " + Json.describe(out));
        } else if (out != null) {
            for (Map.Entry<String, JsonNode> e : out.properties()) {
                outputs.put(e.getKey(), Binding.parse(e.getValue(), FieldErrors.child("outputs", e.getKey()), errors));
            }
        }
        return errors.size() == before ? new Graph(nodes, outputs) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Graph}; nothing is checked until Kite compiles it. */
    public static final class Builder {
        private final Map<String, NodeBuilder> nodes = new LinkedHashMap<>();
        private final Map<String, Binding> outputs = new LinkedHashMap<>();

        /** A node running task {@code name} of the parent's project and domain, its newest version. */
        public NodeBuilder node(String id, String name) {
            return node(id, new GraphNode.Ref(null, null, name, null));
        }

        /** A node running exactly {@code task}. */
        public NodeBuilder node(String id, TaskId task) {
            return node(id, GraphNode.Ref.of(task));
        }

        public NodeBuilder node(String id, GraphNode.Ref task) {
            NodeBuilder b = new NodeBuilder(task);
            nodes.put(id, b);
            return b;
        }

        /** A map node: {@code name} runs once per element of {@link NodeBuilder#over}. */
        public NodeBuilder map(String id, String name) {
            NodeBuilder b = node(id, name);
            b.map = true;
            return b;
        }

        public NodeBuilder map(String id, TaskId task) {
            NodeBuilder b = node(id, task);
            b.map = true;
            return b;
        }

        public Binding input(String name) {
            return Binding.input(name);
        }

        public Binding output(String node, String output) {
            return Binding.output(node, output);
        }

        /** A literal: any value Jackson writes as JSON. */
        public Binding value(Object value) {
            return Binding.literal(VALUES.valueToTree(value));
        }

        public Binding list(Binding... elements) {
            return new Binding.ListOf(List.of(elements));
        }

        public Builder output(String name, Binding binding) {
            outputs.put(name, binding);
            return this;
        }

        public Graph build() {
            Map<String, GraphNode> built = new LinkedHashMap<>();
            nodes.forEach((id, b) -> built.put(id, b.build()));
            return new Graph(built, outputs);
        }
    }

    /** One node under construction. */
    public static final class NodeBuilder {
        private final GraphNode.Ref task;
        private final Map<String, Binding> inputs = new LinkedHashMap<>();
        private Integer retries;
        private Duration timeout;
        private boolean noCache;
        private boolean map;
        private Binding over;
        private String as;
        private double minSuccesses = 1.0;
        private int concurrency;

        NodeBuilder(GraphNode.Ref task) {
            this.task = task;
        }

        public NodeBuilder input(String name, Binding binding) {
            inputs.put(name, binding);
            return this;
        }

        /** Binds input {@code name} to a literal. */
        public NodeBuilder input(String name, Object literal) {
            return input(name, literal instanceof Binding b ? b : Binding.literal(VALUES.valueToTree(literal)));
        }

        public NodeBuilder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public NodeBuilder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public NodeBuilder noCache() {
            this.noCache = true;
            return this;
        }

        public NodeBuilder over(Binding collection) {
            this.over = collection;
            return this;
        }

        public NodeBuilder as(String input) {
            this.as = input;
            return this;
        }

        /** A count (≥ 1) or a ratio (0 &lt; r ≤ 1) of the elements that must succeed. */
        public NodeBuilder minSuccesses(double min) {
            this.minSuccesses = min;
            return this;
        }

        public NodeBuilder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        GraphNode build() {
            GraphNode.MapSpec spec = map ? new GraphNode.MapSpec(over == null ? Binding.literal(null) : over,
                as == null ? "" : as, minSuccesses, concurrency) : null;
            return new GraphNode(task, inputs, retries, timeout, noCache, spec);
        }
    }
}
