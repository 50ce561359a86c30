package dev.kite.deployment;

import java.util.List;
import java.util.Set;

import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkus.builder.item.MultiBuildItem;

import dev.kite.tasks.java.JavaFunction;

/** A valid {@code @KiteTask} method and the task derived from it. */
public final class KiteTaskBuildItem extends MultiBuildItem {

    private final MethodInfo method;
    private final String description;
    private final String template;
    private final List<String> parameterNames;
    private final List<String> parameterTypes;
    private final JavaFunction.Returns returns;
    private final Set<Type> structs;
    private final Set<DotName> classes;

    KiteTaskBuildItem(MethodInfo method, KiteTaskSignature signature) {
        this.method = method;
        this.description = signature.method;
        this.template = signature.templateJson();
        this.parameterNames = List.copyOf(signature.parameterNames);
        this.parameterTypes = List.copyOf(signature.parameterTypes);
        this.returns = signature.returns;
        this.structs = Set.copyOf(signature.structs);
        this.classes = Set.copyOf(signature.classes);
    }

    public MethodInfo method() {
        return method;
    }

    /** {@code com.acme.Greetings#greet(String, Optional)}. */
    public String description() {
        return description;
    }

    /** The canonical JSON of the task template. */
    public String template() {
        return template;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    public List<String> parameterTypes() {
        return parameterTypes;
    }

    public JavaFunction.Returns returns() {
        return returns;
    }

    /** Records and classes bound with Jackson. */
    public Set<Type> structs() {
        return structs;
    }

    /** Other classes named in the parameter and return types. */
    public Set<DotName> classes() {
        return classes;
    }

    /** The generated class that calls the method; in the bean's package, so it may call a package-private method. */
    public String invokerClassName() {
        return method.declaringClass().name() + "_KiteTask_" + method.name() + "_"
                + Integer.toHexString(description.hashCode() & 0x7fffffff);
    }
}
