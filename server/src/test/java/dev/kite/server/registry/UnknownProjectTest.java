package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A task can only be registered in an existing project: otherwise a 404 problem, and nothing is stored. */
@QuarkusTest
class UnknownProjectTest {

    @Test
    void registrationInAMissingProjectIsNotFound() {
        String p = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath problem = ProblemAssert.problem(given().contentType(ContentType.JSON)
                .body(Templates.echo(p, "greet", "v1").toString()).post("/api/v1/tasks"), 404);
        String detail = problem.getString("detail");
        assertTrue(detail.contains("'" + p + "'"), detail);
        assertTrue(detail.contains("POST /api/v1/projects"), detail);

        ProblemAssert.problem(given().get("/api/v1/tasks/{p}/development/greet/v1", p), 404);
        ProblemAssert.problem(given().queryParam("project", p).get("/api/v1/tasks"), 404);
    }
}
