package dev.kite.server.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** A cache entry whose blob was deleted is no hit: the task runs again and writes a new blob. */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class DeletedCachedBlobRerunsTest {

    @Inject
    DataTasks tasks;

    @Inject
    DataStores data;

    @Test
    void aHitWhoseBlobIsGoneRunsTheTaskAgain() {
        String label = "gone-" + UUID.randomUUID();
        String inputs = "{\"label\": \"" + label + "\"}";
        JsonPath first = Data.run("cached-blob", inputs);
        assertEquals("POPULATED", first.getString("cacheStatus"), first.prettify());
        JsonPath hit = Data.run("cached-blob", inputs);
        assertEquals("HIT", hit.getString("cacheStatus"));
        assertEquals(first.getString("outputs.o0.uri"), hit.getString("outputs.o0.uri"));
        assertEquals(1, tasks.calls(label));

        URI blob = URI.create(first.getString("outputs.o0.uri"));
        data.delete(blob).await().atMost(Duration.ofSeconds(30));

        JsonPath again = Data.run("cached-blob", inputs);
        assertEquals("SUCCEEDED", again.getString("phase"));
        assertNotEquals("HIT", again.getString("cacheStatus"), "not a success with a dangling URI");
        assertEquals(2, tasks.calls(label), "the task ran again");
        URI fresh = URI.create(again.getString("outputs.o0.uri"));
        assertNotEquals(blob, fresh);
        assertTrue(data.head(fresh).await().atMost(Duration.ofSeconds(30)).isPresent());
        assertEquals("HIT", Data.run("cached-blob", inputs).getString("cacheStatus"), "and its new entry is a hit");
    }
}
