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

@QuarkusTest
class UserRecoverableErrorsUseRetriesTest {

    @Inject
    ScriptedPlugin plugin;

    @Test
    void retriedExactlyRetriesTimesThenFailedWithTheReason() {
        String p = Api.project();
        Api.scripted(p, "flaky", "{\"retries\": 3}");
        String id = Api.runScript(p, "flaky", "user", "user", "user", "user", "ok");
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(4, plugin.calls(id), "1 attempt + 3 retries");
        assertEquals(List.of("none", "user", "user", "user"), e.getList("attempts.budget"));
        assertEquals(List.of("FAILED", "FAILED", "FAILED", "FAILED"), e.getList("attempts.phase"));
        assertEquals("USER", e.getString("error.kind"));
        assertEquals("FLAKY", e.getString("error.code"));
        assertTrue(e.getString("error.message").startsWith("retries exhausted: 3 user retries used"), e.getString("error.message"));
    }

    @Test
    void succeedsWhenARetryWorks() {
        String p = Api.project();
        Api.scripted(p, "flaky", "{\"retries\": 2}");
        String id = Api.runScript(p, "flaky", "user", "user", "ok");
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        assertEquals(2, e.getInt("outputs.attempt"));
        assertEquals(3, plugin.calls(id));
    }
}
