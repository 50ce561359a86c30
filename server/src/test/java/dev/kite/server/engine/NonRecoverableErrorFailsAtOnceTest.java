package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ScriptedPlugin;

@QuarkusTest
class NonRecoverableErrorFailsAtOnceTest {

    @Inject
    ScriptedPlugin plugin;

    @Test
    void oneAttemptEvenWithTenRetries() {
        String p = Api.project();
        Api.scripted(p, "fatal", "{\"retries\": 10}");
        String id = Api.runScript(p, "fatal", "user-fatal", "ok");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, plugin.calls(id));
        assertEquals(1, e.getList("attempts").size());
        assertFalse(e.getBoolean("error.recoverable"));
        assertEquals("BAD_INPUT", e.getString("error.code"));
        assertTrue(e.getString("error.message").startsWith("non-recoverable USER error"), e.getString("error.message"));
    }
}
