package dev.kite.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plugin classes the build found and the task types each declares with
 * {@code @TaskTypes}: the one source of task types at run time, so that routing agrees with
 * what the build checked. Provided as a bean by the deployment module.
 */
public final class DeclaredPlugins {

    /** One plugin class and its declared task types. */
    public record Declaration(String className, Set<String> taskTypes) {
    }

    private final Map<String, Set<String>> byClass = new TreeMap<>();

    public DeclaredPlugins(Map<String, List<String>> taskTypesByClass) {
        taskTypesByClass.forEach((c, types) -> byClass.put(c, Set.copyOf(new TreeSet<>(types))));
    }

    /**
     * The declaration of a plugin instance's class, or of its nearest declared superclass (ArC
     * may subclass a bean class to apply interceptors).
     */
    public Optional<Declaration> of(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Set<String> types = byClass.get(c.getName());
            if (types != null) {
                return Optional.of(new Declaration(c.getName(), types));
            }
        }
        return Optional.empty();
    }

    /** Every declared plugin class, by name. */
    public Set<String> classNames() {
        return byClass.keySet();
    }
}
