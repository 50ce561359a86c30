package dev.kite.deployment;

import java.lang.annotation.Annotation;

import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.gizmo.ClassCreator;
import io.quarkus.gizmo.ClassOutput;
import io.quarkus.gizmo.MethodCreator;
import io.quarkus.gizmo.MethodDescriptor;
import io.quarkus.gizmo.ResultHandle;

import dev.kite.tasks.java.FunctionInvoker;

/**
 * Writes the {@link FunctionInvoker} of a {@code @KiteTask} method: a class whose
 * {@code invoke(args)} looks the bean up in ArC and calls the method directly, casting and
 * unboxing each argument, so that a native image needs no reflection to call user code.
 */
final class FunctionInvokerGenerator {

    private static final MethodDescriptor CONTAINER = MethodDescriptor.ofMethod(Arc.class, "container", ArcContainer.class);
    private static final MethodDescriptor INSTANCE = MethodDescriptor.ofMethod(ArcContainer.class, "instance",
            InstanceHandle.class, Class.class, Annotation[].class);
    private static final MethodDescriptor GET = MethodDescriptor.ofMethod(InstanceHandle.class, "get", Object.class);

    private FunctionInvokerGenerator() {
    }

    static void write(KiteTaskBuildItem task, ClassOutput output) {
        MethodInfo m = task.method();
        String bean = m.declaringClass().name().toString();
        try (ClassCreator cc = ClassCreator.builder().classOutput(output).className(task.invokerClassName())
                .interfaces(FunctionInvoker.class).build()) {
            MethodCreator invoke = cc.getMethodCreator("invoke", Object.class, Object[].class).addException(Exception.class);
            ResultHandle handle = invoke.invokeInterfaceMethod(INSTANCE, invoke.invokeStaticMethod(CONTAINER),
                    invoke.loadClass(bean), invoke.newArray(Annotation.class, 0));
            ResultHandle target = invoke.checkCast(invoke.invokeInterfaceMethod(GET, handle), bean);
            ResultHandle[] args = new ResultHandle[m.parametersCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = cast(invoke, invoke.readArrayValue(invoke.getMethodParam(0), i), m.parameterType(i));
            }
            ResultHandle result = invoke.invokeVirtualMethod(MethodDescriptor.of(m), target, args);
            Type r = m.returnType();
            if (r.kind() == Type.Kind.VOID) {
                invoke.returnNull();
            } else if (r.kind() == Type.Kind.PRIMITIVE) {
                Class<?> box = boxed(r);
                invoke.returnValue(invoke.invokeStaticMethod(
                        MethodDescriptor.ofMethod(box, "valueOf", box, primitive(r)), result));
            } else {
                invoke.returnValue(result);
            }
        }
    }

    private static ResultHandle cast(MethodCreator m, ResultHandle value, Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE) {
            // Jackson reads a primitive parameter type as its box: cast, then unbox
            Class<?> box = boxed(type);
            return m.invokeVirtualMethod(MethodDescriptor.ofMethod(box, primitive(type).getName() + "Value", primitive(type)),
                    m.checkCast(value, box));
        }
        if (type.kind() == Type.Kind.ARRAY) {
            return m.checkCast(value, byte[].class); // the only array a @KiteTask takes
        }
        return m.checkCast(value, type.name().toString());
    }

    private static Class<?> primitive(Type t) {
        return switch (t.asPrimitiveType().primitive()) {
            case BOOLEAN -> boolean.class;
            case BYTE -> byte.class;
            case SHORT -> short.class;
            case INT -> int.class;
            case LONG -> long.class;
            case FLOAT -> float.class;
            case DOUBLE -> double.class;
            case CHAR -> char.class;
        };
    }

    private static Class<?> boxed(Type t) {
        return switch (t.asPrimitiveType().primitive()) {
            case BOOLEAN -> Boolean.class;
            case BYTE -> Byte.class;
            case SHORT -> Short.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case CHAR -> Character.class;
        };
    }
}
