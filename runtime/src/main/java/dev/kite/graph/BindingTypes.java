package dev.kite.graph;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.Binding;
import dev.kite.model.CollectionType;
import dev.kite.model.FieldErrors;
import dev.kite.model.Graph;
import dev.kite.model.LiteralType;
import dev.kite.model.MapType;
import dev.kite.model.SimpleType;
import dev.kite.model.TaskTemplate;
import dev.kite.model.TypeRules;
import dev.kite.model.UnionType;
import dev.kite.model.Values;
import dev.kite.model.Variable;

/**
 * The type check of a graph's bindings, with the rules of submission: a literal is coerced by
 * {@link Values#coerce} against the type it feeds; a parent input or a node output must be of a
 * type {@link TypeRules#assignable} to it; a collection or struct of bindings is checked element
 * by element. A map node's output {@code y} is the collection of its elements' {@code y}.
 */
final class BindingTypes {

    private final Graph graph;
    private final TaskTemplate parent;
    private final Map<String, TaskTemplate> tasks;
    private final FieldErrors errors;

    BindingTypes(Graph graph, TaskTemplate parent, Map<String, TaskTemplate> tasks, FieldErrors errors) {
        this.graph = graph;
        this.parent = parent;
        this.tasks = tasks;
        this.errors = errors;
    }

    /** Records under {@code path} why {@code binding} cannot feed a {@code target}, if it cannot. */
    void check(Binding binding, LiteralType target, String path) {
        if (binding instanceof Binding.Literal l) {
            Values.coerce(target, l.value(), path, errors);
        } else if (binding instanceof Binding.ListOf list) {
            LiteralType element = elementOf(target);
            if (element == null) {
                errors.add(path, "expects " + TypeRules.describe(target) + ", bound to a list");
                return;
            }
            for (int i = 0; i < list.elements().size(); i++) {
                check(list.elements().get(i), element, FieldErrors.index(path, i));
            }
        } else if (binding instanceof Binding.StructOf struct) {
            checkStruct(struct, target, path);
        } else {
            LiteralType source = typeOf(binding, path);
            if (source != null && !TypeRules.assignable(source, target)) {
                errors.add(path, "expects " + TypeRules.describe(target) + ", bound to " + describe(binding) + " ("
                        + TypeRules.describe(source) + ")");
            }
        }
    }

    /** A map node's {@code over}: a collection whose elements feed {@code element}. */
    void checkElements(Binding over, LiteralType element, String path) {
        if (over instanceof Binding.Literal l) {
            JsonNode v = l.value();
            if (v == null || !v.isArray()) {
                errors.add(path, "expects a collection to map over, got a literal that is not a list");
                return;
            }
            Values.coerce(new CollectionType(element), v, path, errors);
        } else {
            check(over, new CollectionType(element), path);
        }
    }

    private void checkStruct(Binding.StructOf struct, LiteralType target, String path) {
        if (target instanceof MapType m) {
            struct.fields().forEach((k, b) -> check(b, m.value(), FieldErrors.child(path, k)));
        } else if (target.equals(LiteralType.STRUCT) || unionHas(target, LiteralType.STRUCT)) {
            struct.fields().forEach((k, b) -> typeOfNested(b, FieldErrors.child(path, k)));
        } else {
            errors.add(path, "expects " + TypeRules.describe(target) + ", bound to a struct");
        }
    }

    /** The fields of a struct binding feed no declared type: their references must only resolve. */
    private void typeOfNested(Binding b, String path) {
        if (b instanceof Binding.ListOf l) {
            for (int i = 0; i < l.elements().size(); i++) {
                typeOfNested(l.elements().get(i), FieldErrors.index(path, i));
            }
        } else if (b instanceof Binding.StructOf s) {
            s.fields().forEach((k, v) -> typeOfNested(v, FieldErrors.child(path, k)));
        } else if (!(b instanceof Binding.Literal)) {
            typeOf(b, path);
        }
    }

    private static LiteralType elementOf(LiteralType target) {
        if (target instanceof CollectionType c) {
            return c.element();
        }
        if (target instanceof UnionType u) {
            return u.variants().stream().filter(v -> v instanceof CollectionType).map(v -> ((CollectionType) v).element())
                    .findFirst().orElse(null);
        }
        return null;
    }

    private static boolean unionHas(LiteralType t, SimpleType s) {
        return t instanceof UnionType u && u.variants().contains(s);
    }

    /** The type of a reference, or null after recording that it resolves to nothing. */
    private LiteralType typeOf(Binding binding, String path) {
        if (binding instanceof Binding.Input in) {
            Variable v = parent.iface().inputs().get(in.name());
            if (v == null) {
                errors.add(path, "bound to input " + in.name() + ", which " + parent.id() + " does not declare");
                return null;
            }
            return v.type();
        }
        Binding.NodeOutput out = (Binding.NodeOutput) binding;
        if (!graph.nodes().containsKey(out.node())) {
            errors.add(path, "bound to " + describe(binding) + ", but there is no node '" + out.node() + "' in the graph");
            return null;
        }
        TaskTemplate task = tasks.get(out.node());
        if (task == null) {
            return null; // its task is unknown: reported at the node
        }
        Variable v = task.iface().outputs().get(out.output());
        if (v == null) {
            errors.add(path, "bound to " + describe(binding) + ", but " + task.id() + " has no output '" + out.output() + "'");
            return null;
        }
        return graph.nodes().get(out.node()).map() == null ? v.type() : new CollectionType(v.type());
    }

    static String describe(Binding b) {
        if (b instanceof Binding.Input in) {
            return "input " + in.name();
        }
        Binding.NodeOutput o = (Binding.NodeOutput) b;
        return o.node() + "." + o.output();
    }
}
