package dev.kite.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.PrimitiveType;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.kite.model.Canonical;
import dev.kite.model.FieldError;
import dev.kite.model.TaskTemplate;
import dev.kite.model.ValidationException;
import dev.kite.tasks.java.JavaFunction;
import dev.kite.tasks.java.JavaTaskPlugin;

/**
 * The task a {@code @KiteTask} method declares, derived from the annotation and the method's
 * signature: its template, and how each parameter and the return value map to inputs and
 * outputs. Every problem is collected, naming the parameter or record component at fault.
 */
final class KiteTaskSignature {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final DotName CONTEXT = DotName.createSimple(JavaFunction.CONTEXT);
    private static final DotName OPTIONAL = DotName.createSimple(java.util.Optional.class);
    private static final DotName LIST = DotName.createSimple(java.util.List.class);
    private static final DotName MAP = DotName.createSimple(java.util.Map.class);
    private static final DotName STRING = DotName.createSimple(String.class);
    private static final DotName BLOB = DotName.createSimple(JavaFunction.BLOB);
    private static final DotName DATASET = DotName.createSimple(JavaFunction.DATASET);
    private static final DotName GRAPH = DotName.createSimple(dev.kite.model.Graph.class);
    private static final Map<DotName, String> SCALARS = Map.ofEntries(
            Map.entry(DotName.createSimple(Boolean.class), "boolean"),
            Map.entry(DotName.createSimple(Byte.class), "integer"),
            Map.entry(DotName.createSimple(Short.class), "integer"),
            Map.entry(DotName.createSimple(Integer.class), "integer"),
            Map.entry(DotName.createSimple(Long.class), "integer"),
            Map.entry(DotName.createSimple(Float.class), "float"),
            Map.entry(DotName.createSimple(Double.class), "float"),
            Map.entry(STRING, "string"),
            Map.entry(DotName.createSimple(java.time.Instant.class), "datetime"),
            Map.entry(DotName.createSimple(java.time.Duration.class), "duration"));
    static final String SUPPORTED = "supported: boolean, byte, short, int, long, float, double and their boxes, String, "
            + "Instant, Duration, byte[], Blob, Dataset, enums, List<T>, Map<String, T>, Optional<T>, records and classes "
            + "Jackson can create, and TaskContext";

    final String method;
    final List<String> errors = new ArrayList<>();
    final List<String> parameterNames = new ArrayList<>();
    final List<String> parameterTypes = new ArrayList<>();
    JavaFunction.Returns returns = JavaFunction.Returns.NOTHING;
    /** Records and classes bound with Jackson: registered for reflection with their fields' types. */
    final Set<Type> structs = new LinkedHashSet<>();
    /** Every other class Jackson's type factory loads by name (enums, boxes, collections...). */
    final Set<DotName> classes = new LinkedHashSet<>();
    TaskTemplate template;

    private final IndexView index;

    private KiteTaskSignature(MethodInfo m, IndexView index) {
        this.method = describe(m);
        this.index = index;
    }

    /** {@code com.acme.Greetings#greet(String, Optional)}. */
    static String describe(MethodInfo m) {
        List<String> types = m.parameterTypes().stream().map(t -> t.name().withoutPackagePrefix()).toList();
        return m.declaringClass().name() + "#" + m.name() + "(" + String.join(", ", types) + ")";
    }

    static KiteTaskSignature derive(AnnotationInstance kiteTask, MethodInfo m, IndexView index) {
        KiteTaskSignature s = new KiteTaskSignature(m, index);
        ObjectNode inputs = s.inputs(m);
        ObjectNode outputs = s.outputs(m, kiteTask);
        if (s.errors.isEmpty()) {
            s.template(kiteTask, m, index, inputs, outputs);
        }
        return s;
    }

    private ObjectNode inputs(MethodInfo m) {
        ObjectNode inputs = NODES.objectNode();
        boolean context = false;
        for (int i = 0; i < m.parametersCount(); i++) {
            Type t = m.parameterType(i);
            String name = m.parameterName(i);
            if (t.name().equals(CONTEXT)) {
                if (context) {
                    errors.add("takes two TaskContext parameters; one is enough");
                }
                context = true;
                parameterNames.add("");
                parameterTypes.add(JavaFunction.CONTEXT);
                continue;
            }
            if (name == null) {
                errors.add("parameter " + i + " has no name in the class file: compile with -parameters");
                continue;
            }
            String where = "parameter '" + name + "'";
            if (!NAME.matcher(name).matches()) {
                errors.add(where + ": an input name must match [A-Za-z_][A-Za-z0-9_]*");
                continue;
            }
            boolean optional = t.name().equals(OPTIONAL);
            JsonNode type = type(t, where, true);
            if (type == null) {
                continue;
            }
            ObjectNode variable = inputs.putObject(name);
            variable.set("type", type);
            if (optional) {
                variable.set("default", NullNode.getInstance());
            }
            parameterNames.add(name);
            parameterTypes.add(canonical(t));
        }
        return inputs;
    }

    private ObjectNode outputs(MethodInfo m, AnnotationInstance kiteTask) {
        ObjectNode outputs = NODES.objectNode();
        Type r = m.returnType();
        if (r.kind() == Type.Kind.VOID) {
            returns = JavaFunction.Returns.NOTHING;
            return outputs;
        }
        if (r.name().equals(GRAPH)) {
            // a dynamic task: its outputs are declared by the record named in @KiteTask(outputs = ...)
            returns = JavaFunction.Returns.GRAPH;
            AnnotationValue declared = kiteTask.value("outputs");
            if (declared == null || declared.asClass().name().equals(DotName.createSimple(void.class))) {
                return outputs;
            }
            ClassInfo record = index.getClassByName(declared.asClass().name());
            if (record == null || !record.isRecord()) {
                errors.add("@KiteTask outputs: " + declared.asClass().name() + " must be a record (one output per component)");
                return outputs;
            }
            return recordOutputs(record, declared.asClass(), outputs);
        }
        ClassInfo record = r.kind() == Type.Kind.CLASS ? index.getClassByName(r.name()) : null;
        if (record != null && record.isRecord()) {
            returns = JavaFunction.Returns.RECORD;
            structs.add(r);
            return recordOutputs(record, r, outputs);
        }
        returns = JavaFunction.Returns.VALUE;
        JsonNode type = type(r, "the return type", true);
        if (type != null) {
            outputs.putObject(JavaFunction.SINGLE_OUTPUT).set("type", type);
        }
        return outputs;
    }

    private ObjectNode recordOutputs(ClassInfo record, Type r, ObjectNode outputs) {
        for (RecordComponentInfo c : record.recordComponentsInDeclarationOrder()) {
            String where = "component '" + c.name() + "' of the returned record " + r.name();
            if (!NAME.matcher(c.name()).matches()) {
                errors.add(where + ": an output name must match [A-Za-z_][A-Za-z0-9_]*");
                continue;
            }
            JsonNode type = type(c.type(), where, true);
            if (type != null) {
                outputs.putObject(c.name()).set("type", type);
            }
        }
        return outputs;
    }

    /** The Kite type of a Java type, or null after recording why there is none. */
    private JsonNode type(Type t, String where, boolean optionalAllowed) {
        switch (t.kind()) {
            case PRIMITIVE:
                return primitive(t.asPrimitiveType(), where);
            case ARRAY:
                if (t.asArrayType().deepDimensions() == 1
                        && t.asArrayType().elementType().equals(PrimitiveType.BYTE)) {
                    return TextNode.valueOf("binary");
                }
                return unsupported(t, where);
            case CLASS:
                if (!optionalAllowed && (t.name().equals(BLOB) || t.name().equals(DATASET))) {
                    errors.add(where + " has the type " + t + ": Blob and Dataset are allowed only as a parameter, a returned "
                            + "value or a record component");
                    return null;
                }
                return classType(t, where);
            case PARAMETERIZED_TYPE:
                return parameterized(t.asParameterizedType(), where, optionalAllowed);
            default:
                return unsupported(t, where);
        }
    }

    private JsonNode primitive(PrimitiveType p, String where) {
        return switch (p.primitive()) {
            case BOOLEAN -> TextNode.valueOf("boolean");
            case BYTE, SHORT, INT, LONG -> TextNode.valueOf("integer");
            case FLOAT, DOUBLE -> TextNode.valueOf("float");
            default -> unsupported(p, where);
        };
    }

    private JsonNode classType(Type t, String where) {
        if (t.name().equals(BLOB) || t.name().equals(DATASET)) {
            classes.add(t.name());
            ObjectNode reference = NODES.objectNode();
            reference.putObject(t.name().equals(BLOB) ? "blob" : "dataset");
            return reference;
        }
        String scalar = SCALARS.get(t.name());
        if (scalar != null) {
            classes.add(t.name());
            return TextNode.valueOf(scalar);
        }
        if (t.name().equals(LIST) || t.name().equals(MAP) || t.name().equals(OPTIONAL)) {
            errors.add(where + " has the raw type " + t.name().withoutPackagePrefix() + ": give its type argument");
            return null;
        }
        if (JsonBinding.isJdkOrJackson(t.name())) {
            return unsupported(t, where);
        }
        ClassInfo c = index.getClassByName(t.name());
        if (c != null && c.isEnum()) {
            List<FieldInfo> constants = c.enumConstants();
            if (constants.isEmpty()) {
                errors.add(where + " has the type " + t.name() + ", an enum without constants");
                return null;
            }
            classes.add(t.name());
            ObjectNode e = NODES.objectNode();
            ArrayNode values = e.putArray("enum");
            constants.forEach(f -> values.add(f.name()));
            return e;
        }
        String problem = JsonBinding.objectProblem(t, index);
        if (problem != null) {
            errors.add(where + " has the type " + t.name() + ", which cannot be bound from JSON: " + problem);
            return null;
        }
        structs.add(t);
        return TextNode.valueOf("struct");
    }

    private JsonNode parameterized(ParameterizedType t, String where, boolean optionalAllowed) {
        List<Type> args = t.arguments();
        if (t.name().equals(LIST)) {
            classes.add(LIST);
            JsonNode element = type(args.get(0), where, false);
            return element == null ? null : single("collection", element);
        }
        if (t.name().equals(MAP)) {
            if (!args.get(0).name().equals(STRING) || args.get(0).kind() != Type.Kind.CLASS) {
                errors.add(where + " has the type " + t + ": map keys must be String");
                return null;
            }
            classes.add(MAP);
            JsonNode value = type(args.get(1), where, false);
            return value == null ? null : single("map", value);
        }
        if (t.name().equals(OPTIONAL)) {
            if (!optionalAllowed) {
                errors.add(where + " has the type " + t + ": Optional is allowed only as a parameter, a returned value "
                        + "or a record component");
                return null;
            }
            classes.add(OPTIONAL);
            JsonNode value = type(args.get(0), where, false);
            if (value == null) {
                return null;
            }
            ObjectNode union = NODES.objectNode();
            union.putArray("union").add(value).add("none");
            return union;
        }
        if (!JsonBinding.isJdkOrJackson(t.name())) {
            return classType(t, where);
        }
        return unsupported(t, where);
    }

    private static ObjectNode single(String key, JsonNode value) {
        ObjectNode n = NODES.objectNode();
        n.set(key, value);
        return n;
    }

    private JsonNode unsupported(Type t, String where) {
        errors.add(where + " has the type " + t + ", which a @KiteTask method cannot use; " + SUPPORTED);
        return null;
    }

    /** Jackson's canonical form of a generic type, read back at run time by its type factory. */
    static String canonical(Type t) {
        return switch (t.kind()) {
            case PRIMITIVE -> t.asPrimitiveType().primitive().name().toLowerCase(java.util.Locale.ROOT);
            case ARRAY -> "[B";
            case PARAMETERIZED_TYPE -> t.name() + "<" + String.join(",",
                    t.asParameterizedType().arguments().stream().map(KiteTaskSignature::canonical).toList()) + ">";
            default -> t.name().toString();
        };
    }

    private void template(AnnotationInstance a, MethodInfo m, IndexView index, ObjectNode inputs, ObjectNode outputs) {
        ObjectNode json = NODES.objectNode();
        ObjectNode id = json.putObject("id");
        id.put("project", a.valueWithDefault(index, "project").asString());
        id.put("domain", a.valueWithDefault(index, "domain").asString());
        String name = a.valueWithDefault(index, "name").asString();
        id.put("name", name.isEmpty() ? m.name() : name);
        id.put("version", a.valueWithDefault(index, "version").asString());
        json.put("type", JavaTaskPlugin.TYPE);
        ObjectNode iface = json.putObject("interface");
        iface.set("inputs", inputs);
        iface.set("outputs", outputs);
        ObjectNode metadata = json.putObject("metadata");
        metadata.put("retries", a.valueWithDefault(index, "retries").asInt());
        if (returns == JavaFunction.Returns.GRAPH) {
            metadata.put("dynamic", true);
        }
        String timeout = a.valueWithDefault(index, "timeout").asString();
        if (!timeout.isEmpty()) {
            metadata.put("timeout", timeout);
        }
        AnnotationValue cache = a.value("cache");
        if (cache != null && !cache.asNested().valueWithDefault(index, "version").asString().isEmpty()) {
            AnnotationInstance c = cache.asNested();
            ObjectNode policy = metadata.putObject("cache");
            policy.put("version", c.valueWithDefault(index, "version").asString());
            policy.put("serialize", c.valueWithDefault(index, "serialize").asBoolean());
            String ttl = c.valueWithDefault(index, "ttl").asString();
            if (!ttl.isEmpty()) {
                policy.put("ttl", ttl);
            }
            ArrayNode ignored = policy.putArray("ignoreInputs");
            for (String input : c.valueWithDefault(index, "ignoreInputs").asStringArray()) {
                ignored.add(input);
            }
        }
        try {
            template = TaskTemplate.fromJson(json);
        } catch (ValidationException e) {
            for (FieldError f : e.errors()) {
                errors.add("@KiteTask " + attribute(f.path()) + ": " + f.message());
            }
        }
    }

    /** A template path as the annotation attribute that set it: {@code metadata.cache.ttl} → {@code cache.ttl}. */
    private static String attribute(String path) {
        if (path.startsWith("id.")) {
            return path.substring(3);
        }
        if (path.startsWith("metadata.")) {
            return path.substring(9);
        }
        return path;
    }

    String templateJson() {
        return Canonical.json(template.toJson());
    }
}
