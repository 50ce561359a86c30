package dev.kite.tasks.java;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskId;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.NoConfig;
import dev.kite.spi.RecoverableException;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.data.Blob;
import dev.kite.spi.data.Dataset;

/**
 * Runs tasks of type {@code java}: calls the {@code @KiteTask} method of the task version on a
 * worker thread (on the calling thread when declared {@code blocking = false}), with arguments bound from the canonical inputs, and turns its return value into
 * outputs. Tasks of this type come from {@code @KiteTask} methods only.
 */
@ApplicationScoped
@TaskTypes(JavaTaskPlugin.TYPE)
public class JavaTaskPlugin implements SyncPlugin<NoConfig> {

    /** The task type of Java function tasks. */
    public static final String TYPE = "java";

    @Inject
    JavaFunctions functions;

    @Inject
    ObjectMapper appMapper;

    /** The application's mapper, fixed where the task model needs one form (ISO dates, nulls kept). */
    private ObjectMapper json;

    private final Map<TaskId, ObjectReader[]> readers = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        json = appMapper.copy()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));
    }

    /** User code may block (I/O, a long computation): the engine calls it on a worker thread. */
    @Override
    public boolean blocking() {
        return true;
    }

    /** On a worker unless the function was declared {@code @KiteTask(blocking = false)}. */
    @Override
    public boolean blocking(TaskContext<NoConfig> ctx) {
        return functions.find(ctx.taskId()).map(JavaFunction::blocking).orElse(true);
    }

    @Override
    public void validate(TaskTemplate task, NoConfig config, FieldErrors errors) {
        Optional<JavaFunction> function = functions.find(task.id());
        if (function.isEmpty()) {
            errors.add("id", "no @KiteTask method implements " + task.id() + " in this Kite; tasks of type '" + TYPE
                    + "' are registered at start-up from @KiteTask methods");
        } else if (!function.get().template().iface().equals(task.iface())) {
            errors.add("interface", "does not match the signature of " + function.get().method());
        }
    }

    @Override
    public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
        return Uni.createFrom().item(() -> call(ctx));
    }

    private TaskResult call(TaskContext<NoConfig> ctx) {
        JavaFunction function = functions.find(ctx.taskId()).orElse(null);
        if (function == null) {
            return TaskResult.failed(TaskError.user("NO_FUNCTION", "no @KiteTask method implements " + ctx.taskId()
                    + " in this Kite"));
        }
        Object[] arguments;
        try {
            arguments = arguments(function, ctx);
        } catch (IOException | IllegalArgumentException e) {
            return TaskResult.failed(TaskError.user("INVALID_INPUT", e.getMessage()));
        }
        Object result;
        try {
            result = function.invoker().invoke(arguments);
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e; // out of memory and the like are the system's, not the function's
            }
            return TaskResult.failed(TaskError.user(code(e), describe(e, function)));
        } catch (Exception | LinkageError | AssertionError e) {
            return TaskResult.failed(error(e, function));
        }
        try {
            return TaskResult.succeeded(outputs(function, result));
        } catch (TaskException e) {
            return TaskResult.failed(e.error());
        } catch (JsonProcessingException e) {
            return TaskResult.failed(TaskError.user("UNSERIALIZABLE_OUTPUT", function.method()
                    + " returned a value that cannot be written as JSON: " + e.getOriginalMessage()));
        }
    }

    private Object[] arguments(JavaFunction function, TaskContext<NoConfig> ctx) throws IOException {
        ObjectReader[] bound = readers.computeIfAbsent(function.template().id(), id -> readers(function));
        Object[] arguments = new Object[bound.length];
        for (int i = 0; i < bound.length; i++) {
            JavaFunction.Parameter p = function.parameters().get(i);
            if (p.isContext()) {
                arguments[i] = ctx;
                continue;
            }
            JsonNode value = ctx.inputs().get(p.name());
            if (JavaFunction.BLOB.equals(p.javaType())) {
                arguments[i] = value == null || value.isNull() ? null : Blob.fromValue(value, ctx.data());
                continue;
            }
            if (JavaFunction.DATASET.equals(p.javaType())) {
                arguments[i] = value == null || value.isNull() ? null : Dataset.fromValue(value, ctx.data());
                continue;
            }
            try {
                arguments[i] = bound[i].readValue(ctx.inputs().get(p.name()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("inputs." + p.name() + ": cannot be bound to " + p.javaType() + ": "
                        + e.getOriginalMessage(), e);
            }
        }
        return arguments;
    }

    private ObjectReader[] readers(JavaFunction function) {
        ObjectReader[] result = new ObjectReader[function.parameters().size()];
        for (int i = 0; i < result.length; i++) {
            JavaFunction.Parameter p = function.parameters().get(i);
            if (!p.isContext() && !JavaFunction.BLOB.equals(p.javaType()) && !JavaFunction.DATASET.equals(p.javaType())) {
                result[i] = json.readerFor(javaType(p.javaType()));
            }
        }
        return result;
    }

    /**
     * The type of a canonical name. The type factory's parser skips type modifiers, so the one
     * reference type a signature may hold, a top-level {@code Optional}, is built explicitly.
     */
    private JavaType javaType(String canonical) {
        TypeFactory types = json.getTypeFactory();
        String prefix = Optional.class.getName() + "<";
        if (canonical.startsWith(prefix) && canonical.endsWith(">")) {
            return types.constructReferenceType(Optional.class,
                    types.constructFromCanonical(canonical.substring(prefix.length(), canonical.length() - 1)));
        }
        return types.constructFromCanonical(canonical);
    }

    private ObjectNode outputs(JavaFunction function, Object result) throws JsonProcessingException {
        switch (function.returns()) {
            case NOTHING:
                return JsonNodeFactory.instance.objectNode();
            case RECORD:
                if (result == null) {
                    throw new TaskException(TaskError.user("NULL_RESULT", function.method()
                            + " returned null instead of a record of its outputs"));
                }
                return (ObjectNode) tree(result);
            case GRAPH:
                if (!(result instanceof dev.kite.model.Graph graph)) {
                    throw new TaskException(TaskError.user("NULL_RESULT", function.method() + " returned null instead of a graph"));
                }
                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                answer.set(dev.kite.model.Graph.OUTPUT_KEY, graph.toJson());
                return answer;
            default:
                ObjectNode outputs = JsonNodeFactory.instance.objectNode();
                outputs.set(JavaFunction.SINGLE_OUTPUT, tree(result));
                return outputs;
        }
    }

    /** Through text, so that byte[] becomes base64 and numbers take their JSON form, as inputs do. */
    private JsonNode tree(Object value) throws JsonProcessingException {
        return json.readTree(json.writeValueAsString(value));
    }

    private static TaskError error(Throwable e, JavaFunction function) {
        if (e instanceof TaskException te) {
            return te.error();
        }
        if (e instanceof RecoverableException) {
            return TaskError.userRecoverable(code(e), describe(e, function));
        }
        return TaskError.user(code(e), describe(e, function));
    }

    private static String code(Throwable e) {
        return e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
    }

    /** The exception and where the function threw it, which is what its author needs to find it. */
    private static String describe(Throwable e, JavaFunction function) {
        StringBuilder sb = new StringBuilder(e.toString());
        String owner = function.method().substring(0, function.method().indexOf('#'));
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(owner)) {
                sb.append(" (at ").append(frame).append(')');
                break;
            }
        }
        return sb.toString();
    }
}
