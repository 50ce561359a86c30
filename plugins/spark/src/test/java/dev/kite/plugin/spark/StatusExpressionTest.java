package dev.kite.plugin.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kite.model.FieldErrors;

/** Conditions and outputs over an object: JSON pointers and JSONPath, truthiness and equals. */
class StatusExpressionTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    static StatusExpression condition(String c) throws Exception {
        FieldErrors errors = new FieldErrors();
        StatusExpression e = StatusExpression.condition(json(c), "config.success", errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        return e;
    }

    @Test
    void jsonPathFiltersAndEquals() throws Exception {
        JsonNode job = json("""
                {"status": {"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"},
                                                           {"type": "Failed", "status": "False"}]}}""");
        assertTrue(condition("{\"path\": \"$.status.conditions[?(@.type=='Complete')].status\", \"equals\": \"True\"}").holds(job));
        assertFalse(condition("{\"path\": \"$.status.conditions[?(@.type=='Failed')].status\", \"equals\": \"True\"}").holds(job));
        assertTrue(condition("\"/status/succeeded\"").holds(job), "a non-zero number is truthy");
        assertFalse(condition("\"/status/failed\"").holds(job), "nothing selected does not hold");
        assertTrue(condition("{\"path\": \"/status/succeeded\", \"equals\": [0, 1.0]}").holds(job), "numbers by value");
    }

    @Test
    void truthiness() throws Exception {
        StatusExpression e = condition("\"/status/x\"");
        assertFalse(e.holds(json("{\"status\": {\"x\": \"False\"}}")));
        assertFalse(e.holds(json("{\"status\": {\"x\": \"\"}}")));
        assertFalse(e.holds(json("{\"status\": {\"x\": 0}}")));
        assertTrue(e.holds(json("{\"status\": {\"x\": \"yes\"}}")));
        assertTrue(e.holds(json("{\"status\": {\"x\": true}}")));
    }

    @Test
    void valuesForOutputs() throws Exception {
        FieldErrors errors = new FieldErrors();
        StatusExpression e = StatusExpression.expression("$.status.serial", "config.outputs.serial", java.util.List.of(), errors);
        assertEquals("W-1", e.value(json("{\"status\": {\"serial\": \"W-1\"}}")).asText());
        assertNull(e.value(json("{\"status\": {}}")));
    }

    @Test
    void badExpressionsNameTheirField() throws Exception {
        FieldErrors errors = new FieldErrors();
        StatusExpression.condition(json("\"status.phase\""), "config.success", errors);
        StatusExpression.condition(json("{\"path\": \"$.status[?(\", \"equals\": 1}"), "config.failure", errors);
        StatusExpression.condition(json("{\"path\": \"/a\", \"is\": 1}"), "config.running", errors);
        assertEquals(java.util.List.of("config.success", "config.failure.path", "config.running.is"),
                errors.list().stream().map(dev.kite.model.FieldError::path).toList());
    }
}
