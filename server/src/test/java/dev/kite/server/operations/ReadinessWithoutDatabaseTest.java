package dev.kite.server.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Kite starts although PostgreSQL is unreachable: it is alive but not ready (so a load balancer
 * sends it no traffic), and the API answers 503 problems rather than hanging or failing with 500.
 */
@QuarkusTest
@TestProfile(ReadinessWithoutDatabaseTest.NoDatabase.class)
class ReadinessWithoutDatabaseTest {

    /** The datasource points at a port where nothing listens; nothing may need the database to boot. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "%test.quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/kite",
                    "%test.quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/kite",
                    "kite.schema.migrate-at-start", "false");
        }
    }

    @Test
    void aliveButNotReady() {
        Response ready = given().get("/q/health/ready");
        assertEquals(503, ready.statusCode(), ready.asString());
        assertEquals("5", ready.header("Retry-After"), "every 503 says when to try again (before: none on readiness)");
        JsonPath health = ready.jsonPath();
        assertEquals("DOWN", health.getString("status"));
        assertEquals("DOWN", health.getString("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status"));
        assertEquals("DOWN", health.getString("checks.find { it.name == 'Execution changes (LISTEN)' }.status"),
                "no live stream can be fed before the process listens");

        JsonPath live = given().get("/q/health/live").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", live.getString("status"));

        Response create = given().contentType(ContentType.JSON).body("{\"id\": \"offline\"}").post("/api/v1/projects");
        assertEquals(503, create.statusCode(), create.asString());
        assertTrue(create.contentType().startsWith("application/problem+json"), create.contentType());
        assertEquals("5", create.header("Retry-After"));
        assertEquals(503, given().queryParam("project", "offline").get("/api/v1/tasks").statusCode());
    }
}
