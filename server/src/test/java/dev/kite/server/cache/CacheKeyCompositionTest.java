package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** What makes two executions share a cache entry: inputs, cache version and interface, not the task version. */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class CacheKeyCompositionTest {

    @Inject
    ProbePlugin probe;

    private static String inputs(String label, int value) {
        return "{\"label\": \"%s\", \"value\": %d}".formatted(label, value);
    }

    @Test
    void aDifferentInputMisses() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "inputs-" + task.project;
        JsonPath one = task.run(inputs(label, 1));
        JsonPath two = task.run(inputs(label, 2));
        assertEquals("POPULATED", one.getString("cacheStatus"));
        assertEquals("POPULATED", two.getString("cacheStatus"));
        assertNotEquals(one.getString("cacheKey"), two.getString("cacheKey"));
        assertEquals(2, two.getInt("outputs.value"));
        assertEquals(2, probe.calls(label));
    }

    @Test
    void aBumpedCacheVersionMisses() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "bump-" + task.project;
        assertEquals("POPULATED", task.run(inputs(label, 1)).getString("cacheStatus"));
        task.version("v2").cache("{\"version\": \"2\"}").register();
        JsonPath bumped = task.run(inputs(label, 1));
        assertEquals("POPULATED", bumped.getString("cacheStatus"));
        assertEquals(2, bumped.getInt("outputs.call"));
        assertEquals(2, probe.calls(label));
    }

    @Test
    void aNewTaskVersionWithTheSameCacheVersionHits() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "version-" + task.project;
        JsonPath v1 = task.run(inputs(label, 1));
        task.version("v2").retries(2).register();
        JsonPath v2 = task.run(inputs(label, 1));
        assertEquals("v2", v2.getString("task.version"));
        assertEquals("HIT", v2.getString("cacheStatus"));
        assertEquals(v1.getString("id"), v2.getString("cacheSource"));
        assertEquals(1, probe.calls(label));
    }

    @Test
    void aChangedInterfaceMisses() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "iface-" + task.project;
        task.run(inputs(label, 1));
        task.version("v2").outputs("{\"label\": {\"type\": \"string\"}, \"call\": {\"type\": \"integer\"}}").register();
        JsonPath changed = task.run(inputs(label, 1));
        assertEquals("POPULATED", changed.getString("cacheStatus"));
        assertEquals(2, probe.calls(label));
    }

    @Test
    void ignoredInputsDoNotChangeTheKey() {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"ignoreInputs\": [\"note\"]}").register();
        String label = "ignore-" + task.project;
        JsonPath first = task.run("{\"label\": \"%s\", \"value\": 1, \"note\": \"first\"}".formatted(label));
        JsonPath otherNote = task.run("{\"label\": \"%s\", \"value\": 1, \"note\": \"second\"}".formatted(label));
        JsonPath otherValue = task.run("{\"label\": \"%s\", \"value\": 2, \"note\": \"first\"}".formatted(label));
        assertEquals("POPULATED", first.getString("cacheStatus"));
        assertEquals("HIT", otherNote.getString("cacheStatus"));
        assertEquals(first.getString("id"), otherNote.getString("cacheSource"));
        assertEquals("POPULATED", otherValue.getString("cacheStatus"));
        assertEquals(2, probe.calls(label));
    }
}
