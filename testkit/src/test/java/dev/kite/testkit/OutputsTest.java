package dev.kite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.TaskTemplate;

/** Outputs are held against the interface as the engine holds them. */
class OutputsTest {

    private static final TaskTemplate TASK = Tasks.of("x").output("n", "integer").output("note", "{'union': ['string', 'none']}").build();

    @Test
    void matchingOutputsComeBackCanonical() {
        assertEquals("{\"n\":1,\"note\":null}", Outputs.check(TASK, (ObjectNode) Tasks.json("{'n': 1.0, 'note': null}")).toString());
    }

    @Test
    void mismatchesAreNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> Outputs.check(TASK, (ObjectNode) Tasks.json("{'n': 'one', 'x': 1}")));
        assertTrue(e.getMessage().startsWith("the outputs do not match the interface: "), e.getMessage());
        assertTrue(e.getMessage().contains("outputs.n") && e.getMessage().contains("outputs.x"), e.getMessage());
    }
}
