package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

@QuarkusTest
class SubmissionTest {

    private static final String TEXT_TASK = """
            {"id": {"project": "%s", "domain": "development", "name": "echo", "version": "%s"},
             "type": "echo",
             "interface": {"inputs": {"text": {"type": "string"}, "count": {"type": "integer", "default": 1}},
                           "outputs": {"text": {"type": "string"}, "count": {"type": "integer"}}}}
            """;

    @Test
    void aClientChosenNameMakesSubmissionIdempotent() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        String body = """
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "a"}, "name": "nightly-1"}
                """.formatted(p);
        String first = Api.submit(body);
        String again = given().contentType(ContentType.JSON).body(body).post("/api/v1/executions")
                .then().statusCode(200).extract().path("id");
        assertEquals(first, again);
        given().contentType(ContentType.JSON).body(body.replace("\"a\"", "\"b\"")).post("/api/v1/executions")
                .then().statusCode(409).contentType("application/problem+json");
        String other = Api.submit(body.replace("nightly-1", "nightly-2"));
        assertNotEquals(first, other);
    }

    /**
     * The answer to a submission is built where the engine's write completes, which need not be
     * the request's context; its Location is still the absolute address of the execution.
     */
    @Test
    void aSubmissionsLocationIsTheExecutionsAbsoluteAddress() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        Response accepted = given().contentType(ContentType.JSON)
                .body("""
                        {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "a"}}
                        """.formatted(p)).post("/api/v1/executions");
        accepted.then().statusCode(202);
        String id = accepted.path("id");
        String location = accepted.header("Location");
        assertEquals(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/executions/" + id,
                location);
        given().get(java.net.URI.create(location)).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void aNameInAnotherUnicodeFormIsTheSameName() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        String body = """
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "a"}, "name": "%s"}
                """;
        String composed = Api.submit(body.formatted(p, "id\u00e9m-1"));
        JsonPath again = given().contentType(ContentType.JSON).body(body.formatted(p, "ide\u0301m-1")).post("/api/v1/executions")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(composed, again.getString("id"), "é written decomposed names the same execution");
        assertEquals("id\u00e9m-1", again.getString("name"), "kept in NFC");
    }

    @Test
    void versionDefaultsToTheNewestAndDefaultsFillInputs() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        Api.register(TEXT_TASK.formatted(p, "v2"));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "x"}}""".formatted(p));
        var e = Api.await(id);
        assertEquals("v2", e.getString("task.version"));
        assertEquals(1, e.getInt("outputs.count"));
    }

    @Test
    void theLongPollAnswersWhatIsStored() {
        // a long-poll that sees the end in the process running the execution answers without a
        // read: its answer must be exactly what a later read of the stored execution returns.
        // The retry's backoff keeps the execution running here while the long-poll arrives.
        String p = Api.project();
        Api.scripted(p, "retry-once", """
                {"retries": 1, "retryBackoff": {"initial": "PT1S", "max": "PT1S", "jitter": 0}}""");
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "retry-once"},
                 "inputs": {"script": ["user", "ok"]}, "name": "long-poll-1"}""".formatted(p));
        var waited = given().get("/api/v1/executions/" + id + "?wait=30").then().statusCode(200).extract().jsonPath();
        assertEquals("SUCCEEDED", waited.getString("phase"));
        assertEquals(2, waited.getList("attempts").size());
        var read = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(read.getMap(""), waited.getMap(""));
        assertEquals("long-poll-1", waited.getString("name"));
    }

    @Test
    void badInputsAreA400NamingEveryField() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        given().contentType(ContentType.JSON).body("""
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"count": "7", "extra": 1}}""".formatted(p))
                .post("/api/v1/executions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("inputs.text"))
                .body("errors.path", hasItem("inputs.count"))
                .body("errors.path", hasItem("inputs.extra"));
        given().contentType(ContentType.JSON).body("""
                {"task": {"project": "%s", "domain": "development", "name": "nope"}}""".formatted(p))
                .post("/api/v1/executions")
                .then().statusCode(404).contentType("application/problem+json").body("errors[0].path", equalTo("task"));
        given().contentType(ContentType.JSON).body("{\"task\": {\"project\": \"%s\"}, \"overwriteCache\": \"yes\"}".formatted(p))
                .post("/api/v1/executions")
                .then().statusCode(400).body("errors.path", hasItem("task.domain")).body("errors.path", hasItem("overwriteCache"));
        // PostgreSQL cannot store U+0000: a 400 naming the input, not a 500
        given().contentType(ContentType.JSON)
                .body("{\"task\": {\"project\": \"" + p + "\", \"domain\": \"development\", \"name\": \"echo\"},"
                        + " \"inputs\": {\"text\": \"a\\u0000b\"}}")
                .post("/api/v1/executions")
                .then().statusCode(400).contentType("application/problem+json").body("errors.path", hasItem("inputs.text"));
    }

    @Test
    void invalidPluginConfigIsRejectedAtRegistration() {
        String p = Api.project();
        given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "echo", "version": "v1"},
                 "type": "echo", "config": {"prefix": 3, "colour": "red"}}""".formatted(p))
                .post("/api/v1/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", startsWith("config."));
    }

    @Test
    void listsExecutionsNewestFirstWithPaging() {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        String body = "{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"echo\"}, \"inputs\": {\"text\": \"%s\"}}";
        String a = Api.submit(body.formatted(p, "1"));
        String b = Api.submit(body.formatted(p, "2"));
        String c = Api.submit(body.formatted(p, "3"));
        Api.scripted(p, "fails", "{\"retries\": 0}");
        String failed = Api.runScript(p, "fails", "user");
        Api.await(a);
        Api.await(b);
        Api.await(c);
        assertEquals("FAILED", Api.await(failed).getString("phase"));
        var page1 = given().get("/api/v1/executions?project=" + p + "&limit=2").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(failed, c), page1.getList("items.id"));
        var page2 = given().get("/api/v1/executions?project=" + p + "&limit=2&cursor=" + page1.getString("nextCursor"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(b, a), page2.getList("items.id"));
        assertEquals(null, page2.getString("nextCursor"));
        // each filter narrows to exactly the matching executions (before: only the status was checked)
        assertEquals(List.of(c, b, a), ids("project=" + p + "&name=echo"));
        assertEquals(List.of(c, b, a), ids("project=" + p + "&phase=SUCCEEDED&name=echo"));
        assertEquals(List.of(failed), ids("project=" + p + "&phase=FAILED"));
        assertEquals(List.of(), ids("project=" + p + "&phase=FAILED&name=echo"));
        assertEquals(List.of(failed, c, b, a), ids("project=" + p + "&domain=development"));
        assertEquals(List.of(), ids("project=" + p + "&domain=staging"));
        given().get("/api/v1/executions?project=" + p + "&phase=DONE").then().statusCode(400);
    }

    private static List<String> ids(String query) {
        return given().get("/api/v1/executions?" + query).then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    /**
     * Clients racing with the same name get one execution: exactly one 202 and every other the
     * same execution with 200; a racer with other inputs gets a 409 naming it (or, if it won, the
     * others get 409s).
     */
    @Test
    void concurrentSubmissionsWithTheSameNameMakeOneExecution() throws Exception {
        String p = Api.project();
        Api.register(TEXT_TASK.formatted(p, "v1"));
        String body = """
                {"task": {"project": "%s", "domain": "development", "name": "echo"}, "inputs": {"text": "%s"}, "name": "race"}""";
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = i == n - 1 ? "other" : "same";
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(body.formatted(p, text)).post("/api/v1/executions");
                }));
            }
            start.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < n - 1; i++) {
                Response r = answers.get(i).get(60, TimeUnit.SECONDS);
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() != 409) {
                    ids.add(r.jsonPath().getString("id"));
                }
            }
            Response racer = answers.get(n - 1).get(60, TimeUnit.SECONDS);
            byStatus.merge(racer.statusCode(), 1, Integer::sum);
            List<Object> stored = given().get("/api/v1/executions?project=" + p + "&name=echo").then().statusCode(200)
                    .extract().jsonPath().getList("items");
            assertEquals(1, stored.size(), "one execution stored");
            if (racer.statusCode() == 409) {
                assertEquals(Map.of(200, n - 2, 202, 1, 409, 1), byStatus, byStatus.toString());
                assertEquals(1, ids.size(), "one execution for the same name: " + ids);
                assertTrue(racer.asString().contains(ids.iterator().next()), racer.asString());
            } else {
                assertEquals(202, racer.statusCode(), racer.asString());
                assertEquals(Map.of(202, 1, 409, n - 1), byStatus, byStatus.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
