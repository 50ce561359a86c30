package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class OverwriteCacheTest {

    @Inject
    ProbePlugin probe;

    @Test
    void overwriteSkipsTheLookupRunsTheTaskAndReplacesTheEntry() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "overwrite-" + task.project;
        String inputs = "{\"label\": \"%s\"}".formatted(label);
        JsonPath original = task.run(inputs);
        assertEquals("POPULATED", original.getString("cacheStatus"));

        JsonPath overwritten = Api.await(task.submit(inputs, true));
        assertEquals("SUCCEEDED", overwritten.getString("phase"));
        assertEquals("SKIPPED", overwritten.getString("cacheStatus"));
        assertEquals(true, overwritten.getBoolean("overwriteCache"));
        assertEquals(2, overwritten.getInt("outputs.call"), "the plugin ran although an entry existed");
        assertEquals(2, probe.calls(label));

        JsonPath next = task.run(inputs);
        assertEquals("HIT", next.getString("cacheStatus"));
        assertEquals(overwritten.getString("id"), next.getString("cacheSource"));
        assertEquals(2, next.getInt("outputs.call"));
        assertEquals(2, probe.calls(label));
    }
}
