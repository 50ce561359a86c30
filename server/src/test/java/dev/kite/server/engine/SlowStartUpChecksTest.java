package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.engine.PluginRegistry;
import dev.kite.server.Api;
import dev.kite.server.SlowCheckPlugin;

/**
 * A plugin's slow start-up check does not hold Kite's start (decision 0042): Kite serves while it
 * runs, reports the plugin degraded, and a task of that plugin waits for the check, then runs.
 */
@QuarkusTest
class SlowStartUpChecksTest {

    @Test
    void kiteServesWhileACheckRunsAndItsTasksWaitForIt() {
        // this test class runs in a started Kite although the check has not ended
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/api/v1/plugins").then().statusCode(200)
                .body("find { it.name == 'slow-check' }.healthy", equalTo(true))
                .body("find { it.name == 'slow-check' }.problem", equalTo(PluginRegistry.CHECKING));
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "s", "version": "v1"}, "type": "slow-check"}""".formatted(p));
        String submit = "{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"s\"}}".formatted(p);
        String id = Api.submit(submit);
        String aborted = Api.submit(submit);
        // neither failed as unhealthy nor run while its plugin is unchecked
        JsonPath held = given().get("/api/v1/executions/" + id + "?wait=1").then().statusCode(200).extract().jsonPath();
        assertEquals("QUEUED", held.getString("phase"));
        assertEquals(0, SlowCheckPlugin.RUNS.get());
        // one aborted while it waits stays aborted, and is not run once the check passed
        given().post("/api/v1/executions/" + aborted + "/abort").then().statusCode(200);

        SlowCheckPlugin.RELEASE.countDown();
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(1, SlowCheckPlugin.RUNS.get(), "the aborted one did not run");
        assertEquals("ABORTED", Api.await(aborted).getString("phase"));
        given().get("/api/v1/plugins").then().statusCode(200)
                .body("find { it.name == 'slow-check' }.healthy", equalTo(true))
                .body("find { it.name == 'slow-check' }.problem", equalTo(null));
    }
}
