package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfaceInputsTest {

    private static final String GREET = "{'inputs': {"
        + "  'name': {'type': 'string', 'description': 'who to greet'},"
        + "  'times': {'type': 'integer', 'default': 2.0},"
        + "  'at': {'type': {'union': ['none', 'datetime']}, 'default': null}"
        + "}, 'outputs': {'greeting': {'type': 'string'}}}";

    private static TypedInterface parse(String text) {
        FieldErrors errors = new FieldErrors();
        TypedInterface iface = TypedInterface.parse(json(text), "interface", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return iface;
    }

    private static List<FieldError> parseErrors(String text) {
        FieldErrors errors = new FieldErrors();
        assertNull(TypedInterface.parse(json(text), "interface", errors));
        return errors.list();
    }

    @Test
    void parsesVariablesSortedWithCanonicalDefaults() {
        TypedInterface iface = parse(GREET);
        assertEquals(List.of("at", "name", "times"), List.copyOf(iface.inputs().keySet()));
        assertEquals(new Variable(LiteralType.STRING, "who to greet", null), iface.inputs().get("name"));
        assertTrue(iface.inputs().get("name").required());
        assertEquals(json("2").longValue(), iface.inputs().get("times").defaultValue().longValue());
        assertTrue(iface.inputs().get("times").defaultValue().isLong(), "2.0 stored as the canonical integer 2");
        assertEquals(NullNode.getInstance(), iface.inputs().get("at").defaultValue(), "JSON null is a real default");
        assertEquals(Map.of("greeting", Variable.of(LiteralType.STRING)), iface.outputs());
        assertThrows(UnsupportedOperationException.class, () -> iface.inputs().put("x", Variable.of(LiteralType.STRING)));
    }

    @Test
    void absentInterfaceIsEmpty() {
        FieldErrors errors = new FieldErrors();
        assertSame(TypedInterface.EMPTY, TypedInterface.parse(null, "interface", errors));
        assertSame(TypedInterface.EMPTY, TypedInterface.parse(MissingNode.getInstance(), "interface", errors));
        assertSame(TypedInterface.EMPTY, TypedInterface.parse(NullNode.getInstance(), "interface", errors));
        assertEquals(TypedInterface.EMPTY, parse("{}"));
        assertEquals(TypedInterface.EMPTY, parse("{'inputs': {}, 'outputs': null}"));
        assertTrue(errors.isEmpty());
    }

    @Test
    void toJsonRoundTripsAndSignatureHasTypesOnly() {
        TypedInterface iface = parse(GREET);
        FieldErrors errors = new FieldErrors();
        assertEquals(iface, TypedInterface.parse(iface.toJson(), "interface", errors));
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals("{\"inputs\":{\"at\":{\"union\":[\"none\",\"datetime\"]},\"name\":\"string\",\"times\":\"integer\"},"
            + "\"outputs\":{\"greeting\":\"string\"}}", Canonical.json(iface.signature()));
        TypedInterface redescribed = parse(GREET.replace("who to greet", "the person").replace("2.0", "3"));
        assertEquals(Canonical.sha256(iface.signature()), Canonical.sha256(redescribed.signature()));
        assertNotEquals(Canonical.sha256(iface.signature()), Canonical.sha256(parse(GREET.replace("'integer'", "'float'")).signature()));
    }

    @Test
    void declarationErrorsCarryFullPaths() {
        List<FieldError> errors = parseErrors("{'inputs': {"
            + "'x': {'type': 'strng'},"
            + "'2bad': {'type': 'string'},"
            + "'y': {'type': 'integer', 'default': 'three'},"
            + "'z': {'description': 'no type'},"
            + "'w': {'type': 'string', 'optional': true, 'description': 5},"
            + "'v': 'string'"
            + "}, 'extra': {}}");
        assertEquals(List.of(
            "interface.extra",
            "interface.inputs.x.type",
            "interface.inputs[\"2bad\"]",
            "interface.inputs.y.default",
            "interface.inputs.z.type",
            "interface.inputs.w.optional",
            "interface.inputs.w.description",
            "interface.inputs.v"), errors.stream().map(FieldError::path).toList());
        assertEquals("invalid variable name; must match [A-Za-z_][A-Za-z0-9_]*", errors.get(2).message());
        assertTrue(errors.get(3).message().contains("strings are not converted"), errors.get(3)::message);
        assertEquals("required", errors.get(4).message());
        assertEquals("unknown field; expected one of type, description, default", errors.get(5).message());
    }

    @Test
    void interfaceMustBeAnObject() {
        List<FieldError> errors = parseErrors("['a']");
        assertEquals("interface", errors.get(0).path());
        assertEquals("interface.inputs", parseErrors("{'inputs': []}").get(0).path());
    }

    @Test
    void inputsAreCoercedAndDefaultsApplied() {
        TypedInterface iface = parse(GREET);
        FieldErrors errors = new FieldErrors();
        ObjectNode inputs = Values.coerceInputs(iface.inputs(), json("{'name': 'cafe\u0301'}"), "inputs", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals("{\"at\":null,\"name\":\"caf\u00e9\",\"times\":2}", Canonical.json(inputs));
        ObjectNode explicit = Values.coerceInputs(iface.inputs(), json("{'times': 2.0, 'at': null, 'name': 'caf\u00e9'}"), "inputs", errors);
        assertEquals(Canonical.sha256(inputs), Canonical.sha256(explicit), "defaults written out hash like defaults left out");
        ObjectNode other = Values.coerceInputs(iface.inputs(), json("{'name': 'Ada'}"), "inputs", errors);
        assertNotEquals(Canonical.sha256(inputs), Canonical.sha256(other));
        assertTrue(errors.isEmpty(), errors::toString);
    }

    @Test
    void missingUndeclaredAndInvalidInputsAreAllReported() {
        TypedInterface iface = parse(GREET);
        FieldErrors errors = new FieldErrors();
        assertNull(Values.coerceInputs(iface.inputs(), json("{'times': 'x', 'nmae': 'Ada', 'at': 'noon'}"), "inputs", errors));
        assertEquals(List.of(
            new FieldError("inputs.at", "matches none of the union variants: \"none\", \"datetime\""),
            new FieldError("inputs.name", "required"),
            new FieldError("inputs.times", "expected an integer, got a string (strings are not converted to numbers)"),
            new FieldError("inputs.nmae", "not declared in the interface (declared: at, name, times)")), errors.list());
    }

    @Test
    void valuesMustBeAnObjectAndAbsentMeansEmpty() {
        FieldErrors errors = new FieldErrors();
        Map<String, Variable> none = Map.of();
        assertEquals(json("{}"), Values.coerceInputs(none, null, "inputs", errors));
        assertEquals(json("{}"), Values.coerceInputs(none, MissingNode.getInstance(), "inputs", errors));
        assertTrue(errors.isEmpty());
        assertNull(Values.coerceInputs(none, json("[]"), "inputs", errors));
        assertEquals(List.of(new FieldError("inputs", "expected an object of named values, got an array")), errors.list());
        FieldErrors more = new FieldErrors();
        assertNull(Values.coerceInputs(none, json("{'x': 1}"), "inputs", more));
        assertEquals("not declared in the interface (declared: none)", more.list().get(0).message());
    }

    @Test
    void outputsUseTheSameCoercion() {
        TypedInterface iface = parse(GREET);
        FieldErrors errors = new FieldErrors();
        assertEquals(json("{'greeting': 'Hello Ada'}"), Values.coerceInputs(iface.outputs(), json("{'greeting': 'Hello Ada'}"), "outputs", errors));
        assertNull(Values.coerceInputs(iface.outputs(), json("{}"), "outputs", errors));
        assertEquals(List.of(new FieldError("outputs.greeting", "required")), errors.list());
    }
}
