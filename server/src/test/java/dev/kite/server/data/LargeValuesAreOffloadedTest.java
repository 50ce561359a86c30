package dev.kite.server.data;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * Values above the offload threshold live in the store and are references in PostgreSQL: an
 * execution read alone shows them inline up to the inline limit and as a link beyond it; lists
 * show links; the link serves the value.
 */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class LargeValuesAreOffloadedTest {

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private static final String LINK = "outputs.o0.'$offloaded'.link";

    @Test
    void aLargeOutputIsShownInlineUpToTheLimitAndAsALinkBeyondIt() {
        JsonPath medium = Data.run("big-json", "{\"kilobytes\": 100}");
        assertEquals("SUCCEEDED", medium.getString("phase"));
        assertEquals(100 * 1024, medium.getString("outputs.o0").length(), "under the inline limit: the value itself");

        JsonPath listed = given().get("/api/v1/executions?project=" + DataTasks.PROJECT + "&name=big-json&limit=50")
                .then().statusCode(200).extract().jsonPath();
        int index = listed.getList("items.id").indexOf(medium.getString("id"));
        assertNotNull(listed.getString("items[" + index + "]." + LINK), "stored as a reference: lists show its link");
        assertEquals(100 * 1024 + 2, listed.getLong("items[" + index + "].outputs.o0.'$offloaded'.size"),
                "the size of its canonical JSON");

        String big = Data.submit(DataTasks.PROJECT, "big-json", "{\"kilobytes\": 300}");
        JsonPath large = Api.await(big);
        assertEquals("SUCCEEDED", large.getString("phase"));
        String link = large.getString(LINK);
        assertEquals("/api/v1/executions/" + big + "/data/outputs/o0", link);
        String value = given().get(link).then().statusCode(200).contentType(ContentType.JSON).extract().as(String.class);
        assertEquals(300 * 1024, value.length());
        assertEquals("x".repeat(10), value.substring(0, 10));
    }

    @Test
    void aLargeInputIsOffloadedAndTheTaskSeesItWhole() {
        String project = Data.echoTask("echo-text",
                "{\"inputs\": {\"text\": {\"type\": \"string\"}}, \"outputs\": {\"text\": {\"type\": \"string\"}}}", "{}");
        String text = "y".repeat(90 * 1024);
        String id = Api.submit("{\"task\": {\"project\": \"" + project + "\", \"domain\": \"development\", \"name\": \"echo-text\"},"
                + " \"inputs\": {\"text\": \"" + text + "\"}}");
        JsonPath done = Api.await(id);
        assertEquals("SUCCEEDED", done.getString("phase"), done.prettify());
        assertEquals(text, done.getString("inputs.text"));
        assertEquals(text, done.getString("outputs.text"), "the plugin got the whole input back from the store");
        JsonPath listed = given().get("/api/v1/executions?project=" + project).then().statusCode(200).extract().jsonPath();
        assertNotNull(listed.getString("items[0].inputs.text.'$offloaded'.link"));
        assertNull(listed.getString("items[0].inputs.text.'$offloaded'.uri"), "where it is stored stays inside Kite");
        assertEquals(text, given().get("/api/v1/executions/" + id + "/data/inputs/text").then().statusCode(200)
                .extract().as(String.class));
    }

    /**
     * A value shaped like a reference is the caller's data: the task gets it as sent, and the
     * store is never read for it, or a caller could name another project's stored value
     * (its location follows the layout) and get it into a task of their own.
     */
    @Test
    void aValueShapedLikeAReferenceReachesTheTaskAsSentNeverReadFromTheStore() {
        String other = Data.echoTask("echo-text",
                "{\"inputs\": {\"text\": {\"type\": \"string\"}}, \"outputs\": {\"text\": {\"type\": \"string\"}}}", "{}");
        String secret = "s".repeat(90 * 1024);
        String stored = Api.submit("{\"task\": {\"project\": \"" + other + "\", \"domain\": \"development\", \"name\": \"echo-text\"},"
                + " \"inputs\": {\"text\": \"" + secret + "\"}}");
        assertEquals("SUCCEEDED", Api.await(stored).getString("phase"));
        String uri = pool.query("select inputs::jsonb -> 'text' -> '$offloaded' ->> 'uri' as uri from executions where id = '"
                + stored + "'").execute().await().atMost(java.time.Duration.ofSeconds(10)).iterator().next().getString("uri");
        assertNotNull(uri, "the other project's input is stored as a reference");

        String project = Data.echoTask("echo-struct",
                "{\"inputs\": {\"s\": {\"type\": \"struct\"}}, \"outputs\": {\"s\": {\"type\": \"struct\"}}}", "{}");
        String forged = "{\"$offloaded\": {\"uri\": \"" + uri + "\"}}";
        JsonPath done = Api.await(Api.submit("{\"task\": {\"project\": \"" + project
                + "\", \"domain\": \"development\", \"name\": \"echo-struct\"}, \"inputs\": {\"s\": " + forged + "}}"));
        assertEquals("SUCCEEDED", done.getString("phase"), done.prettify());
        assertEquals(uri, done.getString("outputs.s.'$offloaded'.uri"), "the task got the value as sent, not what it names");
        assertEquals(uri, given().get("/api/v1/executions/" + done.getString("id") + "/data/inputs/s").then().statusCode(200)
                .extract().jsonPath().getString("'$offloaded'.uri"), "and it is stored as sent");
    }

    @Test
    void aGraphPassesALargeOutputOnAsTheValueItStandsFor() {
        JsonPath done = Data.run("big-then-length", "{\"kilobytes\": 100}");
        assertEquals("SUCCEEDED", done.getString("phase"), done.prettify());
        assertEquals(100 * 1024, done.getLong("outputs.length"), "the next node measured the value, not its reference");
        assertEquals(100 * 1024, done.getString("outputs.text").length(), "and the graph's own output is the value");
    }

    @Test
    void unknownDataAreProblems() {
        JsonPath small = Data.run("big-json", "{\"kilobytes\": 1}");
        String id = small.getString("id");
        given().get("/api/v1/executions/" + id + "/data/outputs/nope").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/executions/" + id + "/data/secrets/o0").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/executions/00000000-0000-0000-0000-000000000000/data/outputs/o0").then().statusCode(404)
                .contentType("application/problem+json");
        assertEquals(1024, given().get("/api/v1/executions/" + id + "/data/outputs/o0").then().statusCode(200)
                .extract().as(String.class).length(), "an inline value is served too");
    }
}
