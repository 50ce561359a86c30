package dev.kite.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;

/**
 * The one JSON binding of plugin config and handles, used by the engine and by the test kit alike:
 * a task's {@code config} bound to the plugin's config class (unknown fields and nulls for
 * primitives rejected) and checked by the plugin's {@link TaskPlugin#validate}, and an async
 * plugin's handle written to JSON as the engine persists it and read back.
 *
 * <p>Binding problems are reported like every other problem of a task: under the path of the
 * template field ({@code config.algorithm: unknown field; known fields: mode, size}), in JSON's
 * words, never with Java class names; every one of them, together with {@code validate}'s own.
 */
public final class PluginJson {

    /** How many binding problems one config reports at most. */
    static final int MAX_BINDING_ERRORS = 50;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module()).addModule(new JavaTimeModule()).addModule(new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private PluginJson() {
    }

    /**
     * Binds the task's {@code config} to {@code type} and runs the plugin's {@code validate} on it.
     * Returns the config, or null after recording every problem under {@code config}.
     */
    public static <C> C bindConfig(TaskPlugin<C> plugin, Class<C> type, TaskTemplate task, FieldErrors errors) {
        ObjectNode raw = task.config() == null ? JsonNodeFactory.instance.objectNode() : task.config().deepCopy();
        List<String> failed = new ArrayList<>();
        C config = null;
        while (config == null && failed.size() < MAX_BINDING_ERRORS) {
            try {
                config = MAPPER.readerFor(type)
                        .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .readValue(raw);
            } catch (JsonMappingException e) {
                String path = path(e);
                Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
                boolean given = at(raw, e.getPath()) != null;
                errors.add(path, given ? describe(e) : "required: " + kind(target));
                failed.add(path);
                if (!setAside(raw, e.getPath(), target)) {
                    break; // the config as a whole cannot be built: nothing left to check
                }
            } catch (java.io.IOException e) {
                errors.add("config", "cannot be read: " + e.getMessage());
                return null;
            }
        }
        if (config == null) {
            return null;
        }
        // validate sees the config without the fields that did not bind; what it says about those is already said
        FieldErrors own = new FieldErrors();
        try {
            plugin.validate(task, config, own);
        } catch (RuntimeException e) {
            own.add("config", "plugin " + plugin.name() + " could not check the config: " + e);
        }
        errors.warnAll(own);
        own.list().stream().filter(f -> failed.stream().noneMatch(p -> within(f.path(), p)))
                .forEach(f -> errors.add(f.path(), f.message()));
        return failed.isEmpty() && own.isEmpty() ? config : null;
    }

    /**
     * A task's config bound, validated and prepared: the config and what {@link TaskPlugin#prepare}
     * returned (null when the plugin prepares nothing).
     *
     * @param config   the bound config
     * @param prepared the prepared form, or null
     */
    public record Bound<C>(C config, Object prepared) {
    }

    /**
     * {@link #bindConfig}, then {@link TaskPlugin#prepare} when nothing was wrong. Returns null
     * after recording every problem (binding, {@code validate} and {@code prepare} alike).
     */
    public static <C> Bound<C> bindAndPrepare(TaskPlugin<C> plugin, Class<C> type, TaskTemplate task, FieldErrors errors) {
        C config = bindConfig(plugin, type, task, errors);
        if (config == null) {
            return null;
        }
        int before = errors.size();
        Object prepared;
        try {
            prepared = plugin.prepare(task, config, errors);
        } catch (RuntimeException e) {
            errors.add("config", "plugin " + plugin.name() + " could not prepare the config: " + e);
            return null;
        }
        return errors.size() == before ? new Bound<>(config, prepared) : null;
    }

    /** A handle as the engine persists it. */
    public static JsonNode writeHandle(Object handle) {
        return MAPPER.valueToTree(handle);
    }

    /**
     * A persisted handle read back.
     *
     * @throws IllegalArgumentException when the JSON does not bind to {@code type}
     */
    public static <H> H readHandle(JsonNode json, Class<H> type) {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static boolean within(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }

    /** The node a Jackson path points at in {@code raw}, or null when it is not there. */
    private static JsonNode at(JsonNode raw, List<JsonMappingException.Reference> refs) {
        JsonNode at = raw;
        for (JsonMappingException.Reference ref : refs) {
            if (at == null) {
                return null;
            }
            at = ref.getFieldName() != null ? (at.isObject() ? at.get(ref.getFieldName()) : null)
                    : at.isArray() && ref.getIndex() >= 0 ? at.get(ref.getIndex()) : null;
        }
        return at == null || at.isNull() ? null : at;
    }

    /**
     * Takes the field that failed out of the way so that binding can go on: removed, or set to a
     * neutral value when Java needs one (a primitive). An element of an array takes its array with
     * it. False when there is no field to set aside (the object as a whole failed).
     */
    private static boolean setAside(ObjectNode raw, List<JsonMappingException.Reference> refs, Class<?> target) {
        JsonNode at = raw;
        ObjectNode owner = null;
        String field = null;
        boolean element = false;
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null && at instanceof ObjectNode o) {
                owner = o;
                field = ref.getFieldName();
                at = o.get(field);
                element = false;
            } else if (ref.getFieldName() == null && at != null && at.isArray()) {
                at = at.get(ref.getIndex());
                element = true;
            } else {
                break;
            }
        }
        if (owner == null) {
            return false;
        }
        if (!element && target == boolean.class) {
            owner.put(field, false);
        } else if (!element && target != null && target.isPrimitive()) {
            owner.put(field, 0);
        } else if (owner.has(field)) {
            owner.remove(field);
        } else {
            return false;
        }
        return true;
    }

    private static String path(JsonMappingException e) {
        String path = "config";
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? FieldErrors.child(path, ref.getFieldName())
                    : ref.getIndex() >= 0 ? FieldErrors.index(path, ref.getIndex()) : path;
        }
        return path;
    }

    /** Jackson's exception in the words of a task's JSON. */
    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field; known fields: " + known(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            if (target != null && target.isEnum()) {
                return "'" + f.getValue() + "' is not one of " + constants(target);
            }
            return "'" + f.getValue() + "' is not " + kind(target);
        }
        if (e instanceof MismatchedInputException m) {
            return "expected " + kind(m.getTargetType());
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() == null ? v : v.getCause();
            return cause.getMessage() == null ? "is not valid" : cause.getMessage();
        }
        return "is not valid";
    }

    private static String known(Collection<Object> ids) {
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(i -> names.add(String.valueOf(i)));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String constants(Class<?> e) {
        List<String> names = new ArrayList<>();
        for (Object c : e.getEnumConstants()) {
            names.add(((Enum<?>) c).name());
        }
        return String.join(", ", names);
    }

    /** What JSON value a Java type takes: "a string", "an integer", "an object", ... */
    static String kind(Class<?> t) {
        if (t == null) {
            return "another kind of value";
        }
        if (t == String.class || t == Character.class || t == char.class) {
            return "a string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class
                || t == short.class || t == Byte.class || t == byte.class || t == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class || t == float.class) {
            return "a number";
        }
        if (t.isEnum()) {
            return "one of " + constants(t);
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (t == java.time.Duration.class) {
            return "an ISO-8601 duration such as \"PT30S\"";
        }
        if (t == java.time.Instant.class) {
            return "an ISO-8601 instant such as \"2025-01-01T00:00:00Z\"";
        }
        if (Map.class.isAssignableFrom(t) || !t.getName().startsWith("java.")) {
            return "an object";
        }
        return "another kind of value";
    }
}
