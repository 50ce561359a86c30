package dev.kite.tasks.java;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

import dev.kite.model.TaskTemplate;

/** Hands the {@code @KiteTask} methods found at build time to the running Kite. */
@Recorder
public class JavaTaskRecorder {

    /** An empty set of functions, filled by {@link #add}. */
    public RuntimeValue<JavaFunctions> functions() {
        return new RuntimeValue<>(new JavaFunctions());
    }

    /**
     * Adds one function.
     *
     * @param template       the canonical JSON of its task template, checked at build time
     * @param parameterNames the input each parameter is bound from ("" for the TaskContext)
     * @param parameterTypes each parameter's type in Jackson's canonical form
     * @param returns        a {@link JavaFunction.Returns} name
     * @param blocking       {@code @KiteTask(blocking)}
     */
    public void add(RuntimeValue<JavaFunctions> functions, String template, String method, List<String> parameterNames,
            List<String> parameterTypes, String returns, RuntimeValue<FunctionInvoker> invoker, boolean blocking) {
        List<JavaFunction.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < parameterNames.size(); i++) {
            parameters.add(new JavaFunction.Parameter(parameterNames.get(i), parameterTypes.get(i)));
        }
        TaskTemplate parsed;
        try {
            parsed = TaskTemplate.fromJson(new ObjectMapper().readTree(template));
        } catch (IOException e) {
            throw new IllegalStateException("the build wrote an unreadable template for " + method, e);
        }
        functions.getValue().add(new JavaFunction(parsed, method, parameters, JavaFunction.Returns.valueOf(returns),
                invoker.getValue(), blocking));
    }
}
