package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class CacheHitSkipsPluginTest {

    @Inject
    ProbePlugin probe;

    @Test
    void theSecondIdenticalExecutionTakesTheStoredOutputsWithoutCallingThePlugin() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "hit-" + task.project;
        String inputs = "{\"label\": \"%s\", \"value\": 7}".formatted(label);

        JsonPath first = task.run(inputs);
        assertEquals("SUCCEEDED", first.getString("phase"));
        assertEquals("POPULATED", first.getString("cacheStatus"));
        assertNull(first.get("cacheSource"));
        assertTrue(first.getString("cacheKey").matches("[0-9a-f]{64}"), first.getString("cacheKey"));
        assertEquals(1, first.getInt("outputs.call"));
        assertEquals(1, probe.calls(label));

        String secondId = task.submit(inputs);
        JsonPath second = dev.kite.server.Api.await(secondId);
        assertEquals("SUCCEEDED", second.getString("phase"));
        assertEquals("HIT", second.getString("cacheStatus"));
        assertEquals(first.getString("id"), second.getString("cacheSource"));
        assertEquals(first.getString("cacheKey"), second.getString("cacheKey"));
        assertEquals(first.getMap("outputs"), second.getMap("outputs"));
        assertEquals(List.of(), second.getList("attempts"));
        assertEquals(1, probe.calls(label), "a hit must not call the plugin");
        List<String> events = ProbeTask.events(secondId);
        assertEquals(List.of("QUEUED", "CACHE_HIT", "SUCCEEDED"), events);
        assertTrue(ProbeTask.eventMessage(secondId, "CACHE_HIT").contains(first.getString("id")));
    }
}
