package dev.kite.graph;

import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.Binding;

/** The value of a binding once the nodes it reads have succeeded. */
final class BindingValues {

    private BindingValues() {
    }

    /**
     * @param inputs  the parent's inputs
     * @param outputs a node's output by node id and output name (of a map node: the collection)
     */
    static JsonNode value(Binding b, ObjectNode inputs, BiFunction<String, String, JsonNode> outputs) {
        if (b instanceof Binding.Literal l) {
            return l.value() == null ? NullNode.getInstance() : l.value();
        }
        if (b instanceof Binding.Input in) {
            JsonNode v = inputs.get(in.name());
            return v == null ? NullNode.getInstance() : v;
        }
        if (b instanceof Binding.NodeOutput o) {
            JsonNode v = outputs.apply(o.node(), o.output());
            return v == null ? NullNode.getInstance() : v;
        }
        if (b instanceof Binding.ListOf list) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            list.elements().forEach(e -> a.add(value(e, inputs, outputs)));
            return a;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ((Binding.StructOf) b).fields().forEach((k, v) -> n.set(k, value(v, inputs, outputs)));
        return n;
    }
}
