package dev.kite.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plugin classes the build found, the task types each declares with {@code @TaskTypes} and
 * the classes its type arguments bind: the one source of task types, config classes and handle or
 * resource classes at run time, so that routing and binding agree with what the build checked.
 * Provided as a bean by the deployment module.
 */
public final class DeclaredPlugins {

    /**
     * One plugin class, its declared task types and its type arguments: {@code [C]} for a sync
     * plugin, {@code [C, H]} for an async one, {@code [C, R]} for a Kubernetes one.
     */
    public record Declaration(String className, Set<String> taskTypes, List<Class<?>> typeArguments) {

        /** The class a task's {@code config} is bound to. */
        public Class<?> configType() {
            return typeArguments.get(0);
        }

        /** The handle class of an async plugin, the resource class of a Kubernetes one. */
        public Class<?> secondType() {
            return typeArguments.get(1);
        }
    }

    private final Map<String, Declaration> byClass = new TreeMap<>();

    /**
     * @param taskTypesByClass     the task types of each plugin class
     * @param typeArgumentsByClass the names of the classes each plugin class binds its type arguments to
     */
    public DeclaredPlugins(Map<String, List<String>> taskTypesByClass, Map<String, List<String>> typeArgumentsByClass) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        taskTypesByClass.forEach((c, types) -> byClass.put(c, new Declaration(c, Set.copyOf(new TreeSet<>(types)),
                typeArgumentsByClass.getOrDefault(c, List.of()).stream().<Class<?>>map(n -> load(n, loader)).toList())));
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a plugin's type argument " + name + " found at build time is missing", e);
        }
    }

    /**
     * The declaration of a plugin instance's class, or of its nearest declared superclass (ArC
     * may subclass a bean class to apply interceptors).
     */
    public Optional<Declaration> of(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Declaration d = byClass.get(c.getName());
            if (d != null) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Every declared plugin class, by name. */
    public Set<String> classNames() {
        return byClass.keySet();
    }
}
