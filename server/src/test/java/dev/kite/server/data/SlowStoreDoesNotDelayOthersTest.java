package dev.kite.server.data;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * While a store holds its answer to one submission's input check, an unrelated execution is
 * submitted, runs and is answered: store calls never hold the event loop.
 */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class SlowStoreDoesNotDelayOthersTest {

    @Test
    void anUnrelatedExecutionIsAnsweredWhileTheStoreHoldsItsAnswer() throws Exception {
        HeldProxy slow = S3Servers.slow();
        int before = slow.heldAnswers();
        slow.hold();
        CompletableFuture<Integer> waiting;
        try {
            waiting = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body("{\"task\": {\"project\": \"" + DataTasks.PROJECT + "\", \"domain\": \"development\", \"name\": "
                            + "\"read-blob\"}, \"inputs\": {\"data\": {\"uri\": \"s3://" + S3Servers.SLOW + "/held.bin\"}}}")
                    .post("/api/v1/executions").statusCode());
            for (int i = 0; i < 600 && slow.heldAnswers() == before; i++) {
                Thread.sleep(50); // until the store's answer to the input check waits in the proxy
            }
            assertFalse(slow.heldAnswers() == before, "the input check reached the slow store");

            var other = Data.run("big-json", "{\"kilobytes\": 1}");
            assertEquals("SUCCEEDED", other.getString("phase"));
            assertFalse(waiting.isDone(), "the other submission is still waiting for its store");
        } finally {
            slow.release();
        }
        assertEquals(400, waiting.get(60, TimeUnit.SECONDS), "once the store answers: the object is not there");
    }
}
