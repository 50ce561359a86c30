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
