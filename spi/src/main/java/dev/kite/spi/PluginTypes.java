package dev.kite.spi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a plugin's class says about it: its name (the first {@link TaskTypes @TaskTypes} value) and
 * the classes its type arguments bind ({@code SyncPlugin<C>}, {@code AsyncPlugin<C, H>},
 * {@code KubernetesPlugin<C, R>}). The defaults of {@link TaskPlugin#name()},
 * {@link TaskPlugin#configType()}, {@link AsyncPlugin#handleType()} and
 * {@code KubernetesPlugin#resourceType()} read them here, so a plugin declares each of them once, in
 * its class declaration.
 *
 * <p>The running Kite does not read them here: its build resolves the same type arguments from the
 * Jandex index (and fails on one it cannot bind), and the engine uses what the build recorded.
 * These reflective reads serve tests (the test kit) and code outside a Kite server.
 */
public final class PluginTypes {

    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            TaskTypes declared = type.getAnnotation(TaskTypes.class); // @Inherited: a CDI subclass sees it too
            if (declared == null || declared.value().length == 0) {
                throw new IllegalStateException("plugin class " + type.getName() + " has no @TaskTypes: annotate it with"
                        + " @TaskTypes(\"<task type>\")");
            }
            return declared.value()[0];
        }
    };

    private PluginTypes() {
    }

    /** The first task type the class (or its nearest superclass) declares with {@code @TaskTypes}. */
    public static String name(Class<?> pluginClass) {
        return NAMES.get(pluginClass);
    }

    /**
     * The class bound to type parameter number {@code index} of {@code shape} by {@code pluginClass}
     * (its raw class when the argument is a parameterized type).
     *
     * @throws IllegalStateException when the class does not implement {@code shape} or leaves the
     *                               argument unbound (a type variable)
     */
    public static Class<?> argument(Class<?> pluginClass, Class<?> shape, int index) {
        Type bound = find(pluginClass, shape, new HashMap<>());
        if (bound == null) {
            throw new IllegalStateException(pluginClass.getName() + " does not implement " + shape.getName());
        }
        Type arg = bound instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : null;
        Class<?> raw = raw(arg);
        if (raw == null) {
            throw new IllegalStateException(pluginClass.getName() + " leaves type argument " + index + " of "
                    + shape.getSimpleName() + " unbound (" + arg + "): bind it to a concrete class");
        }
        return raw;
    }

    /** The parameterization of {@code shape} seen from {@code type}, type variables replaced by what binds them. */
    private static Type find(Type type, Class<?> shape, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw = raw(type);
        if (raw == null) {
            return null;
        }
        Map<TypeVariable<?>, Type> here = new HashMap<>(bindings);
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length; i++) {
                here.put(vars[i], resolve(args[i], bindings));
            }
        }
        if (raw == shape) {
            if (!(type instanceof ParameterizedType p)) {
                return type;
            }
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = resolve(args[i], bindings);
            }
            return new Resolved(raw, args);
        }
        for (Type i : raw.getGenericInterfaces()) {
            Type found = find(i, shape, here);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : find(raw.getGenericSuperclass(), shape, here);
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
        Type seen = t;
        while (seen instanceof TypeVariable<?> v && bindings.containsKey(v)) {
            seen = bindings.get(v);
        }
        return seen;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return null; // a type variable, a wildcard, an array of a type variable
    }

    /** A parameterized type with its arguments resolved. */
    private record Resolved(Class<?> rawType, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }
}
