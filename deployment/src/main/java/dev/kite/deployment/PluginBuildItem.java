package dev.kite.deployment;

import java.util.List;

import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import io.quarkus.builder.item.MultiBuildItem;

/**
 * A concrete class implementing one of the plugin shapes, as found in the index; checked by the
 * other steps of {@link PluginProcessor}.
 */
public final class PluginBuildItem extends MultiBuildItem {

    private final DotName className;
    private final List<DotName> shapes;
    private final List<Type> typeArguments;
    private final List<String> taskTypes;
    private final boolean declaresTaskTypes;
    private final boolean scoped;

    PluginBuildItem(DotName className, List<DotName> shapes, List<Type> typeArguments, List<String> taskTypes,
            boolean declaresTaskTypes, boolean scoped) {
        this.className = className;
        this.shapes = List.copyOf(shapes);
        this.typeArguments = List.copyOf(typeArguments);
        this.taskTypes = List.copyOf(taskTypes);
        this.declaresTaskTypes = declaresTaskTypes;
        this.scoped = scoped;
    }

    public DotName className() {
        return className;
    }

    /** The plugin interfaces it implements; more than one is an error. */
    public List<DotName> shapes() {
        return shapes;
    }

    /**
     * The shape's type arguments as the class binds them: {@code [C]} for a sync plugin,
     * {@code [C, H]} for an async one, {@code [C, R]} for a Kubernetes one. Empty when they
     * could not be resolved.
     */
    public List<Type> typeArguments() {
        return typeArguments;
    }

    /** The task types of its {@code @TaskTypes}; empty without one. */
    public List<String> taskTypes() {
        return taskTypes;
    }

    public boolean declaresTaskTypes() {
        return declaresTaskTypes;
    }

    /** Whether the class is an {@code @ApplicationScoped} or {@code @Singleton} bean. */
    public boolean scoped() {
        return scoped;
    }
}
