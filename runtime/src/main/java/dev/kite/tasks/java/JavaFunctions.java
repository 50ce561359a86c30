package dev.kite.tasks.java;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.kite.model.TaskId;

/** Every {@code @KiteTask} method of this build, by task id. Provided as a bean by the build. */
public final class JavaFunctions {

    private final Map<TaskId, JavaFunction> byId = new LinkedHashMap<>();

    void add(JavaFunction function) {
        JavaFunction before = byId.putIfAbsent(function.template().id(), function);
        if (before != null) {
            // the build rejects duplicates; this guards hand-made registrations
            throw new IllegalStateException(function.method() + " and " + before.method() + " are both task "
                    + function.template().id());
        }
    }

    /** The function implementing a task version, if this build has one. */
    public Optional<JavaFunction> find(TaskId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every function, in the order the build found them. */
    public Collection<JavaFunction> all() {
        return byId.values();
    }
}
