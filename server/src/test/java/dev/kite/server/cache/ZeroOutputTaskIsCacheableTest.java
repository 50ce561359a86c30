package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class ZeroOutputTaskIsCacheableTest {

    @Inject
    ProbePlugin probe;

    @Test
    void aTaskWithoutOutputsIsMemoizedToo() {
        ProbeTask task = ProbeTask.fresh().outputs("{}").register();
        String label = "none-" + task.project;
        String inputs = "{\"label\": \"%s\"}".formatted(label);
        JsonPath first = task.run(inputs);
        JsonPath second = task.run(inputs);
        assertEquals("POPULATED", first.getString("cacheStatus"));
        assertEquals("SUCCEEDED", second.getString("phase"));
        assertEquals("HIT", second.getString("cacheStatus"));
        assertEquals(first.getString("id"), second.getString("cacheSource"));
        assertEquals(Map.of(), second.getMap("outputs"));
        assertEquals(1, probe.calls(label));
    }
}
