package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ScriptedPlugin;

@QuarkusTest
class AbortTest {

    @Inject
    ScriptedPlugin plugin;

    @Test
    void abortCancelsTheRunningWorkAndIsIdempotent() throws InterruptedException {
        String p = Api.project();
        Api.scripted(p, "hangs", "{\"retries\": 3}");
        String id = Api.runScript(p, "hangs", "hang");
        for (int i = 0; i < 100 && plugin.calls(id) == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, plugin.calls(id), "the attempt started");
        JsonPath e = given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200).extract().jsonPath();
        assertEquals("ABORTED", e.getString("phase"));
        assertEquals("ABORTED", e.getString("attempts[0].phase"));
        assertEquals(1, plugin.cancels(id));
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals(1, plugin.cancels(id));
        // observed over longer than the largest backoff and a sweep (before: milliseconds after the abort)
        Api.waitOutRetries();
        assertEquals(1, plugin.calls(id), "no retry after an abort");
        assertEquals(1, plugin.cancels(id), "cancelled once");
        assertEquals("ABORTED", given().get("/api/v1/executions/" + id).then().statusCode(200).extract().path("phase"));
        given().post("/api/v1/executions/00000000-0000-7000-8000-000000000000/abort").then().statusCode(404);
    }
}
