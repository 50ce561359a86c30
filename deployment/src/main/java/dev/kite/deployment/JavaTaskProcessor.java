package dev.kite.deployment;

import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.GeneratedClassGizmoAdaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveHierarchyBuildItem;
import io.quarkus.deployment.recording.RecorderContext;
import io.quarkus.runtime.RuntimeValue;

import dev.kite.model.TaskId;
import dev.kite.spi.KiteTask;
import dev.kite.tasks.java.FunctionInvoker;
import dev.kite.tasks.java.JavaFunctions;
import dev.kite.tasks.java.JavaTaskRecorder;

/**
 * Java function tasks: finds the {@code @KiteTask} methods, derives each one's task from its
 * signature, generates its invoker, and hands them all to the running Kite, which registers the
 * tasks at start-up and runs them with {@code JavaTaskPlugin}.
 */
class JavaTaskProcessor {

    static final DotName KITE_TASK = DotName.createSimple(KiteTask.class);

    @BuildStep
    void discover(CombinedIndexBuildItem combined, BuildProducer<KiteTaskBuildItem> tasks,
            BuildProducer<ValidationErrorBuildItem> errors) {
        IndexView index = combined.getComputingIndex();
        Map<TaskId, String> ids = new LinkedHashMap<>();
        // in a stable order, so that of two methods declaring one task the same one is reported
        List<AnnotationInstance> found = combined.getIndex().getAnnotations(KITE_TASK).stream()
                .filter(a -> a.target().kind() == AnnotationTarget.Kind.METHOD)
                .sorted(Comparator.comparing(a -> KiteTaskSignature.describe(a.target().asMethod())))
                .toList();
        for (AnnotationInstance a : found) {
            MethodInfo m = a.target().asMethod();
            String where = "@KiteTask method " + KiteTaskSignature.describe(m) + ": ";
            String placement = placementProblem(m);
            if (placement != null) {
                errors.produce(PluginProcessor.error(where + placement));
                continue;
            }
            KiteTaskSignature s = KiteTaskSignature.derive(a, m, index);
            if (!s.errors.isEmpty()) {
                s.errors.forEach(e -> errors.produce(PluginProcessor.error(where + e)));
                continue;
            }
            String other = ids.putIfAbsent(s.template.id(), s.method);
            if (other != null) {
                errors.produce(PluginProcessor.error(where + "declares task " + s.template.id() + ", as "
                        + other + " does; give one of them another name or version"));
                continue;
            }
            tasks.produce(new KiteTaskBuildItem(m, s));
        }
    }

    /** Where a @KiteTask may be: a non-private instance method of an application-wide bean class. */
    private static String placementProblem(MethodInfo m) {
        ClassInfo c = m.declaringClass();
        if (c.isInterface() || Modifier.isAbstract(c.flags())) {
            return "it is declared on an interface or abstract class; declare it on a concrete bean class";
        }
        if (!PluginProcessor.isScopedBean(c)) {
            return "its class is not an application-wide bean: annotate " + c.name().withoutPackagePrefix()
                    + " with @ApplicationScoped (or @Singleton)";
        }
        if (Modifier.isStatic(m.flags())) {
            return "it is static; make it an instance method of the bean";
        }
        if (Modifier.isPrivate(m.flags())) {
            return "it is private; Kite calls it from generated code, so make it at least package-private";
        }
        if (!m.typeParameters().isEmpty()) {
            return "it is generic; a task's interface needs concrete types";
        }
        return null;
    }

    @BuildStep
    UnremovableBeanBuildItem keepBeans(List<KiteTaskBuildItem> tasks) {
        Set<String> beans = new LinkedHashSet<>();
        tasks.forEach(t -> beans.add(t.method().declaringClass().name().toString()));
        return UnremovableBeanBuildItem.beanClassNames(beans);
    }

    @BuildStep
    void generateInvokers(List<KiteTaskBuildItem> tasks, BuildProducer<GeneratedClassBuildItem> generated) {
        GeneratedClassGizmoAdaptor output = new GeneratedClassGizmoAdaptor(generated, true);
        tasks.forEach(t -> FunctionInvokerGenerator.write(t, output));
    }

    @BuildStep
    void registerForReflection(List<KiteTaskBuildItem> tasks, CombinedIndexBuildItem combined,
            BuildProducer<ReflectiveHierarchyBuildItem> hierarchies, BuildProducer<ReflectiveClassBuildItem> classes) {
        Set<Type> structs = new LinkedHashSet<>();
        Set<String> named = new LinkedHashSet<>();
        for (KiteTaskBuildItem t : tasks) {
            structs.addAll(t.structs());
            t.classes().forEach(c -> named.add(c.toString()));
        }
        for (Type s : structs) {
            hierarchies.produce(ReflectiveHierarchyBuildItem.builder(s).index(combined.getComputingIndex())
                    .source("@KiteTask methods").build());
        }
        if (!named.isEmpty()) {
            // Jackson's type factory loads parameter types by name; enums also need their constants
            classes.produce(ReflectiveClassBuildItem.builder(named.toArray(String[]::new)).methods().fields()
                    .reason("@KiteTask parameter and return types").build());
        }
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    SyntheticBeanBuildItem recordFunctions(JavaTaskRecorder recorder, RecorderContext context, List<KiteTaskBuildItem> tasks) {
        RuntimeValue<JavaFunctions> functions = recorder.functions();
        for (KiteTaskBuildItem t : tasks) {
            RuntimeValue<FunctionInvoker> invoker = context.newInstance(t.invokerClassName());
            AnnotationValue blocking = t.method().annotation(KITE_TASK).value("blocking");
            recorder.add(functions, t.template(), t.description(), t.parameterNames(), t.parameterTypes(),
                    t.returns().name(), invoker, blocking == null || blocking.asBoolean());
        }
        return SyntheticBeanBuildItem.configure(JavaFunctions.class).scope(Singleton.class).unremovable()
                .runtimeValue(functions).done();
    }
}
