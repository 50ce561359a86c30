package dev.kite.server.graph;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A Java dynamic task end to end (REST, PostgreSQL, Redis): a map over its input list and a
 * reduce, its children listed under the parent; a graph that does not compile; an abort of the
 * parent in the middle of its graph.
 */
@QuarkusTest
class DynamicJavaTaskTest {

    private static String submit(String name, String inputs) {
        return Api.submit("""
                {"task": {"project": "kite-graph", "domain": "development", "name": "%s"}, "inputs": %s}""".formatted(name, inputs));
    }

    private static JsonPath awaitEnd(String id, int seconds) {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            JsonPath e = given().get("/api/v1/executions/" + id + "?wait=10").then().statusCode(200).extract().jsonPath();
            if (List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED").contains(e.getString("phase")) || System.nanoTime() > until) {
                return e;
            }
        }
    }

    private static List<Map<String, Object>> nodes(String id) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().queryParam("limit", 500).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/executions/" + id + "/nodes").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    @Test
    void aThousandElementMapAndAReduceCompleteAndTheChildrenAreListed() {
        String numbers = LongStream.range(0, 1000).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
        String id = submit("sum-of-squares", "{\"numbers\": " + numbers + "}");
        JsonPath e = awaitEnd(id, 240);
        assertEquals("SUCCEEDED", e.getString("phase"), e::prettify);
        assertEquals(LongStream.range(0, 1000).map(x -> x * x).sum(), e.getLong("outputs.total"));
        List<Map<String, Object>> children = nodes(id);
        assertEquals(1001, children.size());
        children.forEach(c -> {
            assertEquals(id, c.get("parent"));
            assertEquals("SUCCEEDED", c.get("phase"));
        });
        assertEquals(LongStream.range(0, 1000).mapToObj(i -> "square[" + i + "]").collect(Collectors.toSet()),
                children.subList(0, 1000).stream().map(c -> c.get("node")).collect(Collectors.toSet()));
        assertEquals("sum", children.get(1000).get("node"), "the reduce is written after every element");
        for (long x = 0; x < 1000; x++) {
            assertEquals(1, GraphTasks.SQUARES.get(x).get(), "square(" + x + ") ran once");
        }
        Map<String, Object> seventh = children.stream().filter(c -> "square[7]".equals(c.get("node"))).findFirst().orElseThrow();
        JsonPath child = given().get("/api/v1/executions/" + seventh.get("id")).then().statusCode(200).extract().jsonPath();
        assertEquals(id, child.getString("parent"), "a child names its parent");
        assertEquals(49, child.getLong("outputs.o0"));
    }

    @Test
    void aRerunTakesItsChildrenFromTheCacheAndEndsTheSame() {
        // numbers of this run alone (the cache outlives a test run), small enough that no square or sum overflows
        long from = ThreadLocalRandom.current().nextLong(1, 1L << 28);
        List<Long> numbers = LongStream.range(from, from + 50).boxed().toList();
        String inputs = "{\"numbers\": " + numbers + "}";
        long total = numbers.stream().mapToLong(x -> x * x).sum();
        JsonPath first = awaitEnd(submit("sum-of-cached-squares", inputs), 120);
        assertEquals("SUCCEEDED", first.getString("phase"), first::prettify);
        String rerun = submit("sum-of-cached-squares", inputs);
        JsonPath second = awaitEnd(rerun, 120);
        assertEquals("SUCCEEDED", second.getString("phase"), second::prettify);
        assertEquals(total, first.getLong("outputs.total"));
        assertEquals(total, second.getLong("outputs.total"));
        numbers.forEach(x -> assertEquals(1, GraphTasks.CACHED_SQUARES.get(x).get(), "cached-square(" + x + ") ran once"));
        List<Map<String, Object>> children = nodes(rerun);
        assertEquals(51, children.size());
        for (Map<String, Object> c : children.subList(0, 50)) {
            JsonPath child = given().get("/api/v1/executions/" + c.get("id")).then().statusCode(200).extract().jsonPath();
            assertEquals("SUCCEEDED", child.getString("phase"), child::prettify);
            assertEquals("HIT", child.getString("cacheStatus"), child::prettify);
            assertEquals(rerun, child.getString("parent"));
            List<String> events = given().get("/api/v1/executions/" + c.get("id") + "/events").then().statusCode(200)
                    .extract().jsonPath().getList("phase");
            assertEquals(List.of("QUEUED", "CACHE_HIT", "SUCCEEDED"), events);
        }
    }

    @Test
    void aGraphThatDoesNotCompileFailsTheParentWithTheProblem() {
        JsonPath e = awaitEnd(submit("mismatched", "{\"word\": \"seven\"}"), 60);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("GRAPH_INVALID", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("nodes.sq.inputs.x: expects integer, bound to input word (string)"),
                e.getString("error.message"));
        assertEquals(List.of(), nodes(e.getString("id")));
    }

    @Test
    void abortingTheParentMidGraphAbortsItsRunningChildren() {
        String id = submit("naps", "{\"millis\": [60000, 60000, 60000]}");
        long until = System.nanoTime() + 30_000_000_000L;
        while (nodes(id).stream().filter(c -> "RUNNING".equals(c.get("phase"))).count() < 3 && System.nanoTime() < until) {
            Api.pause();
        }
        assertEquals("RUNNING_NODES", given().get("/api/v1/executions/" + id).then().extract().path("phase"));
        given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        JsonPath e = awaitEnd(id, 30);
        assertEquals("ABORTED", e.getString("phase"));
        List<Map<String, Object>> children = nodes(id);
        assertEquals(3, children.size());
        children.forEach(c -> assertEquals("ABORTED", c.get("phase"), String.valueOf(c.get("node"))));
    }
}
