package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ScriptedPlugin;

/**
 * An abort that races the end of an execution: whichever comes first wins, the other changes
 * nothing — the attempt is cancelled exactly once, the phase is final, and nothing runs after.
 */
@QuarkusTest
class AbortRacesTest {

    private static final Set<String> DONE = Set.of("SUCCEEDED", "ABORTED");

    @Inject
    ScriptedPlugin plugin;

    @Test
    void anAbortRacingTheCompletionEitherWinsOrChangesNothing() {
        String p = Api.project();
        Api.scripted(p, "quick", "{\"retries\": 2}");
        for (int i = 0; i < 10; i++) {
            String id = Api.runScript(p, "quick", "ok");
            JsonPath answer = given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200).extract().jsonPath();
            String phase = answer.getString("phase");
            assertTrue(DONE.contains(phase), "after the abort: " + answer.prettify());
            Api.await(id);
            if (i == 9) {
                Api.waitOutRetries();
            }
            JsonPath later = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            assertEquals(phase, later.getString("phase"), "the phase the abort answered is final");
            assertTrue(plugin.calls(id) <= 1, "no attempt after the race");
            if (phase.equals("SUCCEEDED")) {
                assertEquals(0, later.getInt("outputs.attempt"));
            } else {
                assertNull(later.getString("outputs"), "an aborted execution has no outputs");
            }
        }
    }

    @Test
    void anAbortRacingTheAttemptTimeoutCancelsOnce() throws InterruptedException {
        String p = Api.project();
        Api.scripted(p, "hangs", "{\"retries\": 0, \"timeout\": \"PT1S\"}");
        for (long offsetMs : List.of(-50L, 0L, 30L)) {
            String id = Api.runScript(p, "hangs", "hang");
            JsonPath running = awaitAttempt(id);
            Instant deadline = Instant.parse(running.getString("attempts[0].deadline"));
            long wait = Duration.between(Instant.now(), deadline.plusMillis(offsetMs)).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            String phase = given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200).extract().path("phase");
            assertTrue(Set.of("ABORTED", "TIMED_OUT").contains(phase), phase);
            Api.waitOutRetries();
            JsonPath later = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            assertEquals(phase, later.getString("phase"), "final");
            assertEquals(1, later.getList("attempts").size(), "no retry");
            assertEquals(1, plugin.cancels(id), "the attempt was cancelled exactly once (abort at deadline "
                    + (offsetMs >= 0 ? "+" : "") + offsetMs + " ms ended it " + phase + ")");
            assertEquals(1, plugin.calls(id));
        }
    }

    private static JsonPath awaitAttempt(String id) {
        for (int i = 0; i < 600; i++) {
            JsonPath e = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            if (e.getList("attempts").size() == 1 && e.getString("attempts[0].deadline") != null) {
                return e;
            }
            Api.pause();
        }
        throw new AssertionError("no attempt of " + id + " started");
    }
}
