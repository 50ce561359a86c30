package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Eviction through the API, by key, by task and by task and cache version; each answers how many entries went. */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class CacheEvictionTest {

    @Inject
    ProbePlugin probe;

    private static String inputs(String label, int value) {
        return "{\"label\": \"%s\", \"value\": %d}".formatted(label, value);
    }

    private static long evict(String path) {
        return given().delete("/api/v1/cache/" + path).then().statusCode(200).extract().jsonPath().getLong("removed");
    }

    @Test
    void byTheKeyShownOnTheExecution() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "key-" + task.project;
        JsonPath first = task.run(inputs(label, 1));
        task.run(inputs(label, 2));
        String key = first.getString("cacheKey");

        assertEquals(1, evict("keys/" + key));
        assertEquals(0, evict("keys/" + key), "a second eviction finds nothing");

        JsonPath again = task.run(inputs(label, 1));
        assertEquals("POPULATED", again.getString("cacheStatus"));
        assertEquals("HIT", task.run(inputs(label, 2)).getString("cacheStatus"), "the other entry stays");
        assertEquals(3, probe.calls(label));
    }

    @Test
    void byTaskAndByCacheVersion() {
        ProbeTask task = ProbeTask.fresh().register();
        String label = "task-" + task.project;
        task.run(inputs(label, 1));
        task.run(inputs(label, 2));
        task.version("v2").cache("{\"version\": \"2\"}").register();
        task.run(inputs(label, 3));
        String path = task.project + "/development/" + ProbeTask.NAME;

        assertEquals(2, evict(path + "?cacheVersion=1"));
        assertEquals(0, evict(path + "?cacheVersion=1"));
        assertEquals("HIT", task.run(inputs(label, 3)).getString("cacheStatus"), "version 2 stays");

        assertEquals(1, evict(path));
        assertEquals(0, evict(path));
        assertEquals("POPULATED", task.run(inputs(label, 3)).getString("cacheStatus"));
        assertEquals(4, probe.calls(label));
    }

    @Test
    void aMalformedKeyIsABadRequestNamingTheField() {
        given().delete("/api/v1/cache/keys/not-a-key").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].path", equalTo("key"));
    }
}
