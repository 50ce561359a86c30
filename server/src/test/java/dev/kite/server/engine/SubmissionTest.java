package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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
        Api.await(c);
        var page1 = given().get("/api/v1/executions?project=" + p + "&limit=2").then().statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of(c, b), page1.getList("items.id"));
        var page2 = given().get("/api/v1/executions?project=" + p + "&limit=2&cursor=" + page1.getString("nextCursor"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of(a), page2.getList("items.id"));
        assertEquals(null, page2.getString("nextCursor"));
        given().get("/api/v1/executions?project=" + p + "&phase=SUCCEEDED&name=echo").then().statusCode(200);
        given().get("/api/v1/executions?project=" + p + "&phase=DONE").then().statusCode(400);
    }
}
