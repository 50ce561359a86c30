package dev.kite.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Issue 12, item 2, second half: Redis killed in the middle of a burst of serialized executions
 * (a private redis-server, stopped by the test) still lets every execution succeed — the ones
 * that ran before, the waiters whose holder's outputs can no longer be stored, and those
 * submitted after, which run without the cache.
 */
@QuarkusTest
@WithTestResource(PrivateRedis.class)
class SerializedBurstSurvivesRedisDeathTest {

    @PrivateRedis.InjectPrivateRedis
    PrivateRedis redis;

    @Inject
    ProbePlugin probe;

    @AfterEach
    void redisRuns() {
        redis.launch();
    }

    @Test
    void everyExecutionSucceedsWhenRedisDiesMidBurst() throws Exception {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "dying-" + task.project;
        List<JsonPath> ended = SerializedBurstTest.burst(task, label, redis::halt);
        assertEquals(SerializedBurstTest.SUBMISSIONS, ended.size());
        long failures = ended.stream().filter(e -> "LOOKUP_FAILURE".equals(e.getString("cacheStatus"))).count();
        for (JsonPath e : ended) {
            assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        }
        assertTrue(failures > 0, "executions after Redis died ran without the cache");
        assertTrue(probe.calls(label) >= SerializedBurstTest.DISTINCT, "every distinct input ran at least once");
    }
}
