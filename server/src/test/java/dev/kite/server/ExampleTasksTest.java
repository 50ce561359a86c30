package dev.kite.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The server ships runnable example tasks in project "examples": word-count, slow-fib (cached), noop and sum-of-squares (dynamic). */
@QuarkusTest
class ExampleTasksTest {

    @Test
    void theExamplesAreRegisteredAtStartUp() {
        JsonPath list = given().get("/api/v1/tasks?project=examples&domain=development").then().statusCode(200)
                .extract().jsonPath();
        List<String> names = list.getList("items.id.name");
        assertEquals(true, names.containsAll(List.of("word-count", "slow-fib", "noop")), names.toString());
    }

    @Test
    void wordCountCountsWords() {
        String id = Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "word-count"},
                 "inputs": {"text": "The cat and the hat. THE END, don't stop", "top": 2}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals(9, e.getInt("outputs.total"));
        assertEquals(7, e.getInt("outputs.distinct"));
        assertEquals(List.of(Map.of("word", "the", "count", 3), Map.of("word", "and", "count", 1)),
                e.getList("outputs.top"));
    }

    @Test
    void sumOfSquaresFansOutAndReduces() {
        String id = Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "sum-of-squares"},
                 "inputs": {"numbers": [1, 2, 3]}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals(14, e.getLong("outputs.total"));
        List<String> nodes = given().get("/api/v1/executions/" + id + "/nodes").then().statusCode(200).extract()
                .jsonPath().getList("items.node");
        assertEquals(java.util.Set.of("square[0]", "square[1]", "square[2]", "sum"), java.util.Set.copyOf(nodes));
    }

    @Test
    void slowFibIsServedFromTheCacheTheSecondTime() {
        // overwriteCache: other processes may share this Redis, so the first run must not find a stored result
        String first = Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 25},
                 "overwriteCache": true}
                """);
        JsonPath a = Api.await(first);
        assertEquals("SUCCEEDED", a.getString("phase"), () -> a.prettify());
        assertEquals(75025, a.getLong("outputs.o0"));
        assertEquals(1, a.getList("attempts").size());

        String second = Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "slow-fib"}, "inputs": {"n": 25}}
                """);
        JsonPath b = Api.await(second);
        assertEquals("SUCCEEDED", b.getString("phase"));
        assertEquals("HIT", b.getString("cacheStatus"));
        assertEquals(first, b.getString("cacheSource"));
        assertEquals(75025, b.getLong("outputs.o0"));
        assertEquals(0, b.getList("attempts").size());
    }

    @Test
    void noopNeedsNoInputs() {
        String id = Api.submit("""
                {"task": {"project": "examples", "domain": "development", "name": "noop"}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals(Map.of(), e.getMap("outputs"));
    }
}
