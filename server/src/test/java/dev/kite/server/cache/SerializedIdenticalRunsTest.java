package dev.kite.server.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

@QuarkusTest
@TestProfile(CacheTestProfile.class)
class SerializedIdenticalRunsTest {

    private static final int N = 20;

    @Inject
    ProbePlugin probe;

    @Test
    void twentyIdenticalSubmissionsRunThePluginOnce() throws Exception {
        ProbeTask task = ProbeTask.fresh().cache("{\"version\": \"1\", \"serialize\": true}").register();
        String label = "serial-" + task.project;
        String inputs = "{\"label\": \"%s\", \"value\": 42, \"sleepMs\": 4000}".formatted(label);

        ExecutorService pool = Executors.newFixedThreadPool(N);
        List<Future<String>> submitted = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                submitted.add(pool.submit(() -> task.submit(inputs)));
            }
            boolean waitingSeen = false;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!waitingSeen && System.nanoTime() < until && probe.calls(label) <= 1) {
                waitingSeen = !given().get("/api/v1/executions?project=" + task.project + "&phase=WAITING_FOR_CACHE")
                        .then().statusCode(200).extract().jsonPath().getList("items").isEmpty();
                if (!waitingSeen) {
                    Api.pause();
                }
            }
            assertTrue(waitingSeen, "identical executions are listed in WAITING_FOR_CACHE while the first one runs");

            List<JsonPath> done = new ArrayList<>();
            for (Future<String> f : submitted) {
                done.add(Api.await(f.get(60, TimeUnit.SECONDS)));
            }
            assertEquals(1, probe.calls(label), "the plugin ran exactly once");

            List<JsonPath> owners = done.stream().filter(e -> "POPULATED".equals(e.getString("cacheStatus"))).toList();
            assertEquals(1, owners.size());
            String owner = owners.get(0).getString("id");
            Map<String, Object> outputs = owners.get(0).getMap("outputs");
            int waited = 0;
            for (JsonPath e : done) {
                assertEquals("SUCCEEDED", e.getString("phase"));
                assertEquals(outputs, e.getMap("outputs"));
                if (!e.getString("id").equals(owner)) {
                    assertEquals("HIT", e.getString("cacheStatus"));
                    assertEquals(owner, e.getString("cacheSource"));
                    if (ProbeTask.events(e.getString("id")).contains("WAITING_FOR_CACHE")) {
                        waited++;
                    }
                }
            }
            assertTrue(waited >= 1, "at least one execution recorded its wait in its events");
        } finally {
            pool.shutdownNow();
        }
    }
}
