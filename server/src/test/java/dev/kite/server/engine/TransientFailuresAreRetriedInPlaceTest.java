package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.FlakyAsyncPlugin;

/** A failed submit or poll is retried by the plugin guard: one attempt, no retry budget used. */
@QuarkusTest
class TransientFailuresAreRetriedInPlaceTest {

    @Inject
    FlakyAsyncPlugin plugin;

    @Test
    void submitAndPollFailuresDoNotRerunTheTask() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "job", "version": "v1"},
                 "type": "flaky-async",
                 "interface": {"inputs": {"failSubmits": {"type": "integer"}, "failPolls": {"type": "integer"},
                                          "polls": {"type": "integer"}},
                               "outputs": {"job": {"type": "string"}}},
                 "metadata": {"retries": 0}}""".formatted(p));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "job"},
                 "inputs": {"failSubmits": 2, "failPolls": 2, "polls": 1}}""".formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size(), "transient failures never re-run the task");
        assertEquals("kite-" + id.replace("-", "") + "-0", e.getString("outputs.job"));
        assertEquals(e.getString("outputs.job"), e.getString("attempts[0].handle.job"), "the handle is persisted");
        assertEquals(3, plugin.submits(id), "2 failed submits retried in place");
        assertEquals(4, plugin.polls(id), "2 failed polls, 1 RUNNING, 1 SUCCEEDED");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kite_guard_retries_total{target=\"flaky-async\"}"))
                .body(containsString("kite_attempts_total{phase=\"SUCCEEDED\"}"));
    }
}
