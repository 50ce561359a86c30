package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.config.KiteConfig;
import dev.kite.server.Api;

/** A reservation whose holder died (no heartbeat) expires, and the waiting execution runs the task. */
@QuarkusTest
@TestProfile(CacheTestProfile.class)
class ExpiredReservationTakeoverTest {

    @Inject
    ProbePlugin probe;

    @Inject
    RedisDataSource redis;

    @Inject
    KiteConfig config;

    @Test
    void aDeadHoldersReservationIsTakenOverWhenItExpires() {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "expired-" + task.project;
        String inputs = "{\"label\": \"%s\"}".formatted(label);
        // learn the key: an overwriting run shows it, then its entry is evicted
        String key = Api.await(task.submit(inputs, true)).getString("cacheKey");
        given().delete("/api/v1/cache/keys/" + key).then().statusCode(200);

        // a holder that died: its reservation is never renewed and lives 5 s
        redis.execute("SET", config.cache().keyPrefix() + "r:" + key, UUID.randomUUID().toString(), "PX", "5000");
        String id = task.submit(inputs);
        boolean waitingSeen = false;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waitingSeen && System.nanoTime() < until) {
            String phase = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().path("phase");
            waitingSeen = phase.equals("WAITING_FOR_CACHE");
            if (phase.equals("SUCCEEDED")) {
                break;
            }
            Api.pause();
        }
        assertTrue(waitingSeen, "the execution waits while the reservation lives");

        JsonPath done = Api.await(id);
        assertEquals("SUCCEEDED", done.getString("phase"));
        assertEquals("POPULATED", done.getString("cacheStatus"));
        assertEquals(2, probe.calls(label));
        List<String> events = ProbeTask.events(id);
        assertTrue(events.contains("CACHE_RESERVATION_TAKEN"), events.toString());
    }
}
