package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.kite.server.Api;

/** A {@code ?wait=} that ends before the execution leaves it intact for the next reader. */
@QuarkusTest
class WaitsThatTimeOutTest {

    @Test
    void aSecondWaitOnARunningExecutionIsAnsweredLikeTheFirst() {
        String p = Api.project();
        Api.scripted(p, "hangs", "{}");
        String id = Api.runScript(p, "hangs", "hang");
        for (int i = 0; i < 3; i++) {
            // each wait ends first: it must not cancel what the next one (or the engine) waits on
            String phase = given().get("/api/v1/executions/" + id + "?wait=0.3").then().statusCode(200).extract().path("phase");
            assertTrue(phase.equals("QUEUED") || phase.equals("RUNNING"), phase);
        }
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        assertEquals("ABORTED", Api.await(id).getString("phase"));
    }
}
