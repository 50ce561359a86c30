package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** A registered version is immutable: other content under the same id is a 409 problem and changes nothing. */
@QuarkusTest
class ConflictingReRegistrationTest {

    @Test
    void otherContentIsAConflict() {
        String p = Api.project();
        ObjectNode original = Templates.echo(p, "greet", "v1");
        String digest = given().contentType(ContentType.JSON).body(original.toString()).post("/api/v1/tasks")
                .then().statusCode(201).extract().path("digest");

        ObjectNode changed = original.deepCopy();
        Templates.metadata(changed).put("retries", 5);
        JsonPath problem = ProblemAssert.problem(
                given().contentType(ContentType.JSON).body(changed.toString()).post("/api/v1/tasks"), 409);
        String detail = problem.getString("detail");
        assertTrue(detail.contains(p + "/development/greet/v1"), detail);
        assertTrue(detail.contains("new version"), detail);

        JsonPath stored = given().get("/api/v1/tasks/{p}/development/greet/v1", p).then().statusCode(200).extract().jsonPath();
        assertEquals(digest, stored.getString("digest"));
        assertEquals(2, stored.getInt("metadata.retries"));
    }
}
