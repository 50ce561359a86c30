package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Projects are created once (201), created again identically as a no-op (200), refused with other
 * content (409) or invalid fields (400, every one listed), and listed and read back.
 */
@QuarkusTest
class ProjectRegistrationTest {

    @Test
    void createReadAndConflict() {
        String id = "team-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"id\": \"%s\", \"name\": \"Data team\", \"description\": \"nightly jobs\"}".formatted(id);

        Response created = post(body);
        assertEquals(201, created.statusCode(), created.asString());
        assertTrue(created.header("Location").endsWith("/api/v1/projects/" + id), created.header("Location"));
        JsonPath project = created.jsonPath();
        assertEquals(id, project.getString("id"));
        assertEquals("Data team", project.getString("name"));
        assertEquals("nightly jobs", project.getString("description"));

        Response again = post(body);
        assertEquals(200, again.statusCode(), again.asString());
        assertEquals(project.getString("createdAt"), again.jsonPath().getString("createdAt"));

        JsonPath conflict = ProblemAssert.problem(post("{\"id\": \"%s\", \"name\": \"Data team\", \"description\": \"other\"}"
                .formatted(id)), 409);
        assertTrue(conflict.getString("detail").contains(id), conflict.prettify());
        // without a name the name is the id, which differs from the stored one
        ProblemAssert.problem(post("{\"id\": \"%s\"}".formatted(id)), 409);

        assertEquals("Data team", given().get("/api/v1/projects/{id}", id).then().statusCode(200).extract().path("name"));
        List<String> ids = given().get("/api/v1/projects").then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(ids.contains(id), ids.toString());
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids);

        ProblemAssert.problem(given().get("/api/v1/projects/{id}", "none-" + id), 404);
    }

    @Test
    void invalidFieldsAreAllListed() {
        JsonPath problem = ProblemAssert.problem(post("{\"id\": \"Data Team\", \"name\": 3, \"description\": [], \"owner\": \"ada\"}"), 400);
        List<String> paths = new ArrayList<>(ProblemAssert.paths(problem));
        paths.sort(null);
        assertEquals(List.of("description", "id", "name", "owner"), paths);

        assertEquals(List.of("id"), ProblemAssert.paths(ProblemAssert.problem(post("{}"), 400)));
        assertEquals(List.of("id"), ProblemAssert.paths(ProblemAssert.problem(post("{\"id\": \"\"}"), 400)));
        assertEquals(List.of("id"), ProblemAssert.paths(ProblemAssert.problem(post("{\"id\": \"" + "a".repeat(64) + "\"}"), 400)));
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/projects");
    }
}
