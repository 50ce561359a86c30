package dev.kite.server.data;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.data.DataStores;
import dev.kite.data.RetentionSweep;
import dev.kite.server.Api;

/**
 * Past its project's retention, an ended execution's raw outputs are deleted, and past the history
 * retention its record too, unless its cache entry holds them.
 */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class RetentionSweepTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    RetentionSweep sweep;

    @Inject
    DataStores data;

    @Test
    void rawOutputsPastRetentionAreDeletedButNotThoseACacheEntryHolds() throws Exception {
        String label = "r-" + UUID.randomUUID();
        JsonPath plain = Api.await(Data.submit(DataTasks.RETAINED, "short-lived", "{\"label\": \"" + label + "\"}"));
        JsonPath cached = Api.await(Data.submit(DataTasks.RETAINED, "short-lived-cached", "{\"label\": \"" + label + "\"}"));
        assertEquals("POPULATED", cached.getString("cacheStatus"));
        URI plainBlob = URI.create(plain.getString("outputs.o0.uri"));
        URI cachedBlob = URI.create(cached.getString("outputs.o0.uri"));
        Thread.sleep(20); // past the project's retention of a millisecond

        assertTrue(sweep.sweep().await().atMost(WAIT) >= 1);

        assertTrue(data.head(plainBlob).await().atMost(WAIT).isEmpty(), "deleted past retention");
        assertTrue(data.head(cachedBlob).await().atMost(WAIT).isPresent(), "kept: its cache entry still holds it");
        assertEquals("HIT", Api.await(Data.submit(DataTasks.RETAINED, "short-lived-cached", "{\"label\": \"" + label + "\"}"))
                .getString("cacheStatus"));
    }

    @Test
    void recordsPastHistoryRetentionAreDeletedWithTheirDataButNotThoseACacheEntryHolds() throws Exception {
        String label = "h-" + UUID.randomUUID();
        String plainId = Data.submit(DataTasks.FORGOTTEN, "forgotten", "{\"label\": \"" + label + "\"}");
        JsonPath plain = Api.await(plainId);
        JsonPath cached = Api.await(Data.submit(DataTasks.FORGOTTEN, "forgotten-cached", "{\"label\": \"" + label + "\"}"));
        URI plainBlob = URI.create(plain.getString("outputs.o0.uri"));
        URI cachedBlob = URI.create(cached.getString("outputs.o0.uri"));
        Thread.sleep(20); // past the project's history retention of a millisecond

        assertTrue(sweep.sweep().await().atMost(WAIT) >= 1);

        given().get("/api/v1/executions/" + plainId).then().statusCode(404);
        assertTrue(data.head(plainBlob).await().atMost(WAIT).isEmpty(), "its data went with its record");
        given().get("/api/v1/executions/" + cached.getString("id")).then().statusCode(200);
        assertTrue(data.head(cachedBlob).await().atMost(WAIT).isPresent(), "kept: its cache entry still holds it");
        JsonPath hit = Api.await(Data.submit(DataTasks.FORGOTTEN, "forgotten-cached", "{\"label\": \"" + label + "\"}"));
        assertEquals("HIT", hit.getString("cacheStatus"));
        assertEquals(cachedBlob.toString(), hit.getString("outputs.o0.uri"));
    }
}
