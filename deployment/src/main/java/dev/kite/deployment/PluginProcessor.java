package dev.kite.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Type;

import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveHierarchyBuildItem;
import io.quarkus.deployment.util.JandexUtil;

import dev.kite.config.KiteBuildConfig;
import dev.kite.engine.DeclaredPlugins;
import dev.kite.engine.PluginRecorder;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskPlugin;
import dev.kite.spi.TaskTypes;

/**
 * Finds the plugins in the index of the application and its dependencies, checks them, keeps
 * them as beans, registers their config and handle classes for reflection, and hands their task
 * types to the running Kite.
 */
class PluginProcessor {

    static final DotName TASK_PLUGIN = DotName.createSimple(TaskPlugin.class);
    static final DotName SYNC_PLUGIN = DotName.createSimple(SyncPlugin.class);
    static final DotName ASYNC_PLUGIN = DotName.createSimple(AsyncPlugin.class);
    static final DotName KUBERNETES_PLUGIN = DotName.createSimple(KubernetesPlugin.class);
    static final List<DotName> SHAPES = List.of(SYNC_PLUGIN, ASYNC_PLUGIN, KUBERNETES_PLUGIN);
    static final DotName TASK_TYPES = DotName.createSimple(TaskTypes.class);
    static final DotName APPLICATION_SCOPED = DotName.createSimple(ApplicationScoped.class);
    static final DotName SINGLETON = DotName.createSimple(Singleton.class);
    /** The engine's own view of a KubernetesPlugin as an AsyncPlugin: not a plugin of its own. */
    static final DotName KUBERNETES_ADAPTER = DotName.createSimple("dev.kite.kubernetes.KubernetesDriver$Adapter");

    @BuildStep
    void discover(CombinedIndexBuildItem combined, BuildProducer<PluginBuildItem> plugins) {
        IndexView index = combined.getIndex();
        Map<DotName, List<DotName>> shapesByClass = new TreeMap<>();
        for (ClassInfo c : index.getAllKnownImplementations(TASK_PLUGIN)) {
            if (!c.isInterface() && !Modifier.isAbstract(c.flags()) && !c.name().equals(KUBERNETES_ADAPTER)) {
                shapesByClass.put(c.name(), new ArrayList<>());
            }
        }
        for (DotName shape : SHAPES) {
            for (ClassInfo c : index.getAllKnownImplementations(shape)) {
                if (shapesByClass.containsKey(c.name())) {
                    shapesByClass.get(c.name()).add(shape);
                }
            }
        }
        shapesByClass.forEach((name, shapes) -> {
            ClassInfo c = index.getClassByName(name);
            List<Type> arguments = shapes.size() == 1 ? typeArguments(name, shapes.get(0), combined.getComputingIndex()) : List.of();
            AnnotationInstance declared = taskTypes(c, combined.getComputingIndex());
            List<String> types = declared == null ? List.of() : List.of(declared.value().asStringArray());
            plugins.produce(new PluginBuildItem(name, shapes, arguments, types, declared != null, isScopedBean(c)));
        });
    }

    /** A plugin, a @KiteTask bean: application-wide beans, so one instance serves every task. */
    static boolean isScopedBean(ClassInfo c) {
        return c.hasDeclaredAnnotation(APPLICATION_SCOPED) || c.hasDeclaredAnnotation(SINGLETON);
    }

    private static List<Type> typeArguments(DotName plugin, DotName shape, IndexView index) {
        try {
            return JandexUtil.resolveTypeParameters(plugin, shape, index);
        } catch (RuntimeException e) {
            return List.of(); // a class of the hierarchy is not indexed; reported by checkBindings
        }
    }

    /** {@code @TaskTypes} is {@code @Inherited}: the nearest superclass declaring it counts. */
    private static AnnotationInstance taskTypes(ClassInfo c, IndexView index) {
        for (ClassInfo k = c; k != null; k = k.superName() == null ? null : index.getClassByName(k.superName())) {
            AnnotationInstance a = k.declaredAnnotation(TASK_TYPES);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    @BuildStep
    void checkDeclarations(List<PluginBuildItem> plugins, BuildProducer<ValidationErrorBuildItem> errors) {
        for (PluginBuildItem p : plugins) {
            String name = p.className().toString();
            if (p.shapes().isEmpty()) {
                errors.produce(error("Kite plugin " + name + " implements TaskPlugin directly: implement SyncPlugin, "
                        + "AsyncPlugin or KubernetesPlugin"));
            } else if (p.shapes().size() > 1) {
                errors.produce(error("Kite plugin " + name + " implements " + p.shapes().size() + " plugin shapes ("
                        + simpleNames(p.shapes()) + "): implement exactly one"));
            }
            if (!p.scoped()) {
                errors.produce(error("Kite plugin " + name + " is not an application-wide bean: annotate the class "
                        + "with @ApplicationScoped (or @Singleton)"));
            }
            if (!p.declaresTaskTypes()) {
                errors.produce(error("Kite plugin " + name + " declares no task types: annotate the class with "
                        + "@TaskTypes(\"<task type>\")"));
            } else if (p.taskTypes().isEmpty() || p.taskTypes().stream().anyMatch(t -> t.isBlank())) {
                errors.produce(error("Kite plugin " + name + ": @TaskTypes needs one or more non-empty task types, got "
                        + p.taskTypes()));
            } else if (new LinkedHashSet<>(p.taskTypes()).size() != p.taskTypes().size()) {
                errors.produce(error("Kite plugin " + name + ": @TaskTypes lists a task type twice: " + p.taskTypes()));
            }
        }
    }

    @BuildStep
    void checkClaims(List<PluginBuildItem> plugins, KiteBuildConfig config, BuildProducer<ValidationErrorBuildItem> errors) {
        Map<String, List<String>> claims = new TreeMap<>();
        for (PluginBuildItem p : plugins) {
            for (String type : new LinkedHashSet<>(p.taskTypes())) {
                claims.computeIfAbsent(type, t -> new ArrayList<>()).add(p.className().toString());
            }
        }
        claims.forEach((type, classes) -> {
            if (classes.size() > 1 && !config.plugins().defaultFor().containsKey(type)) {
                errors.produce(error("Task type '" + type + "' is claimed by " + classes.size() + " plugins, "
                        + listing(classes) + ": choose one with kite.build.plugins.default-for.\"" + type
                        + "\"=<plugin name> (a build-time property), or remove all but one from the application"));
            }
        });
    }

    @BuildStep
    void checkBindings(List<PluginBuildItem> plugins, CombinedIndexBuildItem combined,
            BuildProducer<ValidationErrorBuildItem> errors) {
        IndexView index = combined.getComputingIndex();
        for (PluginBuildItem p : plugins) {
            if (p.shapes().size() != 1) {
                continue;
            }
            String name = p.className().toString();
            if (p.typeArguments().isEmpty()) {
                errors.produce(error("Kite plugin " + name + ": the type arguments of "
                        + p.shapes().get(0).withoutPackagePrefix() + " cannot be resolved; is every class of its "
                        + "hierarchy in the index?"));
                continue;
            }
            Type config = p.typeArguments().get(0);
            String problem = JsonBinding.objectProblem(config, index);
            if (problem != null) {
                errors.produce(error("Kite plugin " + name + ": its config class " + config + " cannot be bound from "
                        + "JSON: " + problem));
            }
            if (p.shapes().get(0).equals(ASYNC_PLUGIN)) {
                Type handle = p.typeArguments().get(1);
                problem = JsonBinding.valueProblem(handle, index);
                if (problem != null) {
                    errors.produce(error("Kite plugin " + name + ": its handle class " + handle + " cannot be "
                            + "bound to and from JSON: " + problem));
                }
            } else if (p.shapes().get(0).equals(KUBERNETES_PLUGIN) && JsonBinding.isTypeVariable(p.typeArguments().get(1))) {
                errors.produce(error("Kite plugin " + name + ": its resource type " + p.typeArguments().get(1)
                        + " is a type variable; bind it to a concrete Kubernetes resource class"));
            }
        }
    }

    @BuildStep
    UnremovableBeanBuildItem keepBeans(List<PluginBuildItem> plugins) {
        Set<String> names = new LinkedHashSet<>();
        plugins.forEach(p -> names.add(p.className().toString()));
        return UnremovableBeanBuildItem.beanClassNames(names);
    }

    @BuildStep
    void registerForReflection(List<PluginBuildItem> plugins, CombinedIndexBuildItem combined,
            BuildProducer<ReflectiveHierarchyBuildItem> hierarchies, BuildProducer<ReflectiveClassBuildItem> classes) {
        for (PluginBuildItem p : plugins) {
            if (p.shapes().size() != 1 || p.typeArguments().isEmpty()) {
                continue;
            }
            String source = "Kite plugin " + p.className();
            // the SPI's default name() reads the class's @TaskTypes
            classes.produce(ReflectiveClassBuildItem.builder(p.className().toString()).reason(source).build());
            boolean kubernetes = p.shapes().get(0).equals(KUBERNETES_PLUGIN);
            if (kubernetes) {
                // the engine's handle of every Kubernetes attempt, persisted and read back as JSON
                classes.produce(ReflectiveClassBuildItem.builder("dev.kite.kubernetes.KubeHandle").constructors().methods()
                        .fields().reason(source).build());
            }
            for (int i = 0; i < p.typeArguments().size(); i++) {
                Type t = p.typeArguments().get(i);
                if (!JsonBinding.isClassLike(t) || JsonBinding.isJdkOrJackson(t.name())) {
                    continue;
                }
                if (kubernetes && i == 1) {
                    // a Kubernetes model class: the class itself; its model is the client extension's business
                    classes.produce(ReflectiveClassBuildItem.builder(t.name().toString()).constructors().methods().fields()
                            .reason(source).build());
                } else {
                    hierarchies.produce(ReflectiveHierarchyBuildItem.builder(t).index(combined.getComputingIndex())
                            .source(source).build());
                }
            }
        }
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem declarePlugins(PluginRecorder recorder, List<PluginBuildItem> plugins) {
        Map<String, List<String>> taskTypes = new TreeMap<>();
        Map<String, List<String>> typeArguments = new TreeMap<>();
        plugins.forEach(p -> {
            taskTypes.put(p.className().toString(), p.taskTypes());
            // checkBindings fails the build on anything but classes: their raw names are loadable
            typeArguments.put(p.className().toString(), p.typeArguments().stream()
                    .map(t -> t.name().toString()).toList());
        });
        return SyntheticBeanBuildItem.configure(DeclaredPlugins.class).scope(Singleton.class).unremovable()
                .supplier(recorder.declaredPlugins(taskTypes, typeArguments)).done();
    }

    static ValidationErrorBuildItem error(String message) {
        return new ValidationErrorBuildItem(new IllegalStateException(message));
    }

    private static String simpleNames(List<DotName> names) {
        return String.join(", ", names.stream().map(DotName::withoutPackagePrefix).toList());
    }

    /** "a and b", "a, b and c". */
    static String listing(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
