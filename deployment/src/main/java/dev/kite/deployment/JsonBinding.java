package dev.kite.deployment;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

/**
 * Whether Jackson can create a class from JSON, decided from the index at build time so that a
 * class it cannot bind fails the build instead of every task that uses it.
 */
final class JsonBinding {

    private static final DotName JSON_CREATOR = DotName.createSimple("com.fasterxml.jackson.annotation.JsonCreator");
    private static final DotName JSON_PROPERTY = DotName.createSimple("com.fasterxml.jackson.annotation.JsonProperty");
    private static final DotName JSON_TYPE_INFO = DotName.createSimple("com.fasterxml.jackson.annotation.JsonTypeInfo");
    private static final DotName JSON_DESERIALIZE = DotName.createSimple("com.fasterxml.jackson.databind.annotation.JsonDeserialize");
    private static final DotName OBJECT = DotName.createSimple(Object.class);
    private static final Set<DotName> TREES = Set.of(
            DotName.createSimple("com.fasterxml.jackson.databind.JsonNode"),
            DotName.createSimple("com.fasterxml.jackson.databind.node.ObjectNode"));
    private static final Set<DotName> SCALARS = Set.of(
            DotName.createSimple(String.class), DotName.createSimple(Long.class), DotName.createSimple(Integer.class),
            DotName.createSimple(Boolean.class), DotName.createSimple(Double.class), DotName.createSimple(java.util.UUID.class));

    private JsonBinding() {
    }

    /**
     * Why Jackson cannot create {@code type} from a JSON object, or null when it can: a record, a
     * JSON tree, or a concrete static class with a no-argument constructor, a {@code @JsonCreator},
     * or a single constructor whose parameters have names (interfaces and abstract classes only
     * with Jackson's polymorphism annotations).
     */
    static String objectProblem(Type type, IndexView index) {
        if (isTypeVariable(type)) {
            return "it is the type variable " + type + ", not a concrete class";
        }
        if (!isClassLike(type)) {
            return "it is " + describe(type) + ", not a class of a JSON object";
        }
        if (TREES.contains(type.name())) {
            return null;
        }
        if (type.name().equals(OBJECT)) {
            return "java.lang.Object says nothing about the JSON; bind a concrete class (is a type argument missing, a "
                    + "raw type?)";
        }
        ClassInfo c = index.getClassByName(type.name());
        if (c == null) {
            return "the class is not on the class path";
        }
        if (c.isEnum()) {
            return "it is an enum, which is read from a string, not from a JSON object";
        }
        if (c.isInterface() || Modifier.isAbstract(c.flags())) {
            if (c.hasDeclaredAnnotation(JSON_TYPE_INFO) || c.hasDeclaredAnnotation(JSON_DESERIALIZE)) {
                return null;
            }
            return "it is " + (c.isInterface() ? "an interface" : "an abstract class") + ", which Jackson cannot create; "
                    + "use a record or a concrete class";
        }
        if (c.nestingType() == ClassInfo.NestingType.INNER && !Modifier.isStatic(c.flags())) {
            return "it is an inner class, which needs an enclosing instance; make it static or a record";
        }
        if (c.nestingType() == ClassInfo.NestingType.LOCAL || c.nestingType() == ClassInfo.NestingType.ANONYMOUS) {
            return "it is a local or anonymous class; use a top-level or static nested class or a record";
        }
        if (c.isRecord() || c.hasNoArgsConstructor() || hasCreator(c)) {
            return null;
        }
        return "it has no constructor Jackson can use: make it a record, add a no-argument constructor, or annotate a "
                + "constructor with @JsonCreator";
    }

    /** Like {@link #objectProblem}, but plain values (strings, numbers, UUIDs, enums) are fine too: a handle may be one. */
    static String valueProblem(Type type, IndexView index) {
        if (isClassLike(type) && SCALARS.contains(type.name())) {
            return null;
        }
        if (isClassLike(type)) {
            ClassInfo c = index.getClassByName(type.name());
            if (c != null && c.isEnum()) {
                return null;
            }
        }
        return objectProblem(type, index);
    }

    private static boolean hasCreator(ClassInfo c) {
        List<MethodInfo> visible = c.constructors().stream()
                .filter(m -> !Modifier.isPrivate(m.flags()) && !m.isSynthetic()).toList();
        if (visible.size() == 1 && visible.get(0).parametersCount() > 0 && allHaveNames(visible.get(0))) {
            return true; // Jackson's implicit creator: one constructor with named parameters (-parameters)
        }
        for (MethodInfo m : c.methods()) {
            boolean factory = Modifier.isStatic(m.flags()) && !m.isConstructor();
            if ((m.isConstructor() || factory) && m.hasDeclaredAnnotation(JSON_CREATOR)) {
                return true;
            }
            if (m.isConstructor() && m.parametersCount() > 0 && allNamed(m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allHaveNames(MethodInfo constructor) {
        for (int i = 0; i < constructor.parametersCount(); i++) {
            if (constructor.parameterName(i) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean allNamed(MethodInfo constructor) {
        for (MethodParameterInfo p : constructor.parameters()) {
            AnnotationInstance a = p.declaredAnnotation(JSON_PROPERTY);
            if (a == null) {
                return false;
            }
        }
        return true;
    }

    static boolean isTypeVariable(Type type) {
        return type.kind() == Type.Kind.TYPE_VARIABLE || type.kind() == Type.Kind.UNRESOLVED_TYPE_VARIABLE
                || type.kind() == Type.Kind.TYPE_VARIABLE_REFERENCE;
    }

    static boolean isClassLike(Type type) {
        return type.kind() == Type.Kind.CLASS || type.kind() == Type.Kind.PARAMETERIZED_TYPE;
    }

    static boolean isJdkOrJackson(DotName name) {
        String n = name.toString();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("com.fasterxml.jackson.");
    }

    private static String describe(Type type) {
        return switch (type.kind()) {
            case PRIMITIVE -> "the primitive " + type;
            case ARRAY -> "the array " + type;
            case WILDCARD_TYPE -> "the wildcard " + type;
            case VOID -> "void";
            default -> type.toString();
        };
    }
}
