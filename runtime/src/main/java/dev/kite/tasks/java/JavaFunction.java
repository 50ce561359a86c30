package dev.kite.tasks.java;

import java.util.List;
import java.util.Objects;

import dev.kite.model.TaskTemplate;

/**
 * A {@code @KiteTask} method as the build found it: the task template derived from its
 * signature, how to convert each argument, what the return value becomes, and its invoker.
 *
 * @param template   the task registered for the method
 * @param method     the method, for messages: {@code com.acme.Greetings#greet(String, Optional)}
 * @param parameters the method's parameters in order
 * @param returns    what the return value becomes
 * @param invoker    calls the method
 * @param blocking   whether it may block ({@code @KiteTask(blocking)}): then it runs on a worker
 */
public record JavaFunction(TaskTemplate template, String method, List<Parameter> parameters, Returns returns,
        FunctionInvoker invoker, boolean blocking) {

    /** The name of the one output of a method that returns a value that is not a record. */
    public static final String SINGLE_OUTPUT = "o0";

    /** The Java type written for a parameter that receives the {@code TaskContext}. */
    public static final String CONTEXT = "dev.kite.spi.TaskContext";

    /** The blob value type: bound from a blob input, returned as a blob output. */
    public static final String BLOB = "dev.kite.spi.data.Blob";

    /** The dataset value type: bound from a dataset input, returned as a dataset output. */
    public static final String DATASET = "dev.kite.spi.data.Dataset";

    /**
     * One parameter.
     *
     * @param name     the input it is bound from; empty for the {@code TaskContext} parameter
     * @param javaType the parameter's generic type in Jackson's canonical form, e.g.
     *                 {@code java.util.List<java.lang.String>}
     */
    public record Parameter(String name, String javaType) {

        public boolean isContext() {
            return name.isEmpty();
        }
    }

    /** What the method's return value becomes. */
    public enum Returns {
        /** {@code void}: no outputs. */
        NOTHING,
        /** A record: one output per component. */
        RECORD,
        /** Any other value: the single output {@value JavaFunction#SINGLE_OUTPUT}. */
        VALUE,
        /** A {@link dev.kite.model.Graph}: a dynamic task, whose outputs its graph's nodes make. */
        GRAPH
    }

    public JavaFunction {
        Objects.requireNonNull(template, "template");
        parameters = List.copyOf(parameters);
    }
}
