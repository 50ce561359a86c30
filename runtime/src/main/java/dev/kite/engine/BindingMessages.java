package dev.kite.engine;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What a task author reads when a plugin's {@code config} does not bind: the field and what it
 * should hold, in the words of the task model ("unknown field; expected one of ...", "expected a
 * string"). Never the binder's own message, which names Java classes of Kite and its plugins.
 */
final class BindingMessages {

    private BindingMessages() {
    }

    static String of(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            if (known == null || known.isEmpty()) {
                return "unknown field; this task type takes no config";
            }
            TreeSet<String> names = new TreeSet<>();
            known.forEach(k -> names.add(String.valueOf(k)));
            return "unknown field; expected one of " + String.join(", ", names);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + describe(m.getTargetType());
        }
        return "invalid value";
    }

    /** "a string", "a whole number", "an object", ...: the JSON a Java type is bound from. */
    static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "another kind of value";
    }
}
