package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

@QuarkusTest
class OutputsAreCheckedTest {

    @Test
    void mistypedOutputFailsAsAUserErrorNamingTheOutput() {
        String p = Api.project();
        Api.scripted(p, "liar", "{\"retries\": 2}");
        String id = Api.runScript(p, "liar", "bad-output");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("USER", e.getString("error.kind"));
        assertEquals("OUTPUT_MISMATCH", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("outputs.attempt"), e.getString("error.message"));
        assertEquals(1, e.getList("attempts").size(), "a mismatch is not retried");
    }
}
