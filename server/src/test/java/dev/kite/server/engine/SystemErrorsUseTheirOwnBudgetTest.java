package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ScriptedPlugin;

/** The system budget is kite.retry.system-retries (default 3), separate from metadata.retries. */
@QuarkusTest
class SystemErrorsUseTheirOwnBudgetTest {

    @Inject
    ScriptedPlugin plugin;

    @Test
    void retriesZeroStillGetsSystemRetries() {
        String p = Api.project();
        Api.scripted(p, "sys", "{\"retries\": 0}");
        String id = Api.runScript(p, "sys", "system", "system", "ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        assertEquals(List.of("none", "system", "system"), e.getList("attempts.budget"));
    }

    @Test
    void systemBudgetExhausted() {
        String p = Api.project();
        Api.scripted(p, "sys", "{\"retries\": 5}");
        String id = Api.runScript(p, "sys", "system", "system", "system", "system", "ok");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(4, plugin.calls(id), "1 attempt + 3 system retries; the 5 user retries are not used");
        assertEquals("SYSTEM", e.getString("error.kind"));
        assertTrue(e.getString("error.message").startsWith("system retries exhausted: 3 system retries used"),
                e.getString("error.message"));
    }

    @Test
    void mixedFailuresAreCountedPerBudget() {
        String p = Api.project();
        Api.scripted(p, "mixed", "{\"retries\": 1}");
        String id = Api.runScript(p, "mixed", "user", "system", "system", "user", "ok");
        JsonPath e = Api.await(id);
        // user budget 1 is spent by attempt 1; the second user failure (attempt 3) exhausts it
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(List.of("none", "user", "system", "system"), e.getList("attempts.budget"));
        assertTrue(e.getString("error.message").startsWith("retries exhausted: 1 user retry used"), e.getString("error.message"));
    }

    @Test
    void unexpectedPluginExceptionIsASystemErrorAndKiteKeepsServing() {
        String p = Api.project();
        Api.scripted(p, "crashy", "{\"retries\": 0}");
        String id = Api.runScript(p, "crashy", "throw", "throw", "throw", "throw");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("SYSTEM", e.getString("error.kind"));
        assertEquals("PLUGIN_ERROR", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("boom in plugin"), e.getString("error.message"));
        String next = Api.runScript(p, "crashy", "ok");
        assertEquals("SUCCEEDED", Api.await(next).getString("phase"));
    }
}
