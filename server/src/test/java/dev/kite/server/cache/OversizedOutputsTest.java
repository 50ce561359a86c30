package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class OversizedOutputsTest {

    @Inject
    ProbePlugin probe;

    @Test
    void outputsOverTheCapAreNotStoredAndTheExecutionStillSucceeds() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "big-" + task.project;
        String inputs = "{\"label\": \"%s\", \"size\": %d}".formatted(label, CacheTestProfile.MAX_ENTRY_BYTES + 1);

        String id = task.submit(inputs);
        JsonPath big = dev.kite.server.Api.await(id);
        assertEquals("SUCCEEDED", big.getString("phase"));
        assertEquals("PUT_FAILURE", big.getString("cacheStatus"));
        assertEquals(CacheTestProfile.MAX_ENTRY_BYTES + 1, big.getString("outputs.blob").length());
        String reason = ProbeTask.eventMessage(id, "CACHE_PUT_FAILURE");
        assertTrue(reason != null && reason.contains("kite.cache.max-entry-bytes (" + CacheTestProfile.MAX_ENTRY_BYTES + ")"),
                "the reason is in the events: " + reason);

        JsonPath again = task.run(inputs);
        assertEquals("PUT_FAILURE", again.getString("cacheStatus"));
        assertEquals(2, probe.calls(label), "nothing was stored, so the task ran again");

        assertEquals("POPULATED", task.run("{\"label\": \"%s\", \"size\": 10}".formatted(label)).getString("cacheStatus"),
                "small outputs of the same task are stored");
    }
}
