package dev.kite.server.operations;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/** An operator's view of a running Kite: health, Prometheus metrics, and the OpenAPI document with its UI. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthMetricsAndOpenApi() {
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", ready.getString("status"));
        assertEquals("UP", ready.getString("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status"));
        assertEquals("up", ready.getString("checks.find { it.name == 'Redis (cache and quotas)' }.data.redis"));
        assertEquals("UP", given().get("/q/health/live").then().statusCode(200).extract().path("status"));

        Api.project();
        Response metrics = given().accept("text/plain").get("/q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
        String text = metrics.asString();
        assertTrue(text.contains("# TYPE http_server_requests_seconds "), "Prometheus exposition format");
        assertTrue(text.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("method=\"POST\"") && l.contains("uri=\"/api/v1/projects\"")), "a request to the API is counted");

        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> register = openapi.getMap("paths.'/api/v1/tasks'.post.responses");
        // every operation also documents 401/403 (authentication) and 503 (Kite cannot take work now)
        assertEquals(List.of("200", "201", "400", "401", "403", "404", "409", "413", "503"), register.keySet().stream().sorted().toList());
        assertTrue(openapi.getMap("paths").keySet().containsAll(List.of("/api/v1/tasks/{project}/{domain}/{name}",
                "/api/v1/tasks/{project}/{domain}/{name}/{version}", "/api/v1/projects")));
        assertTrue(openapi.getMap("paths.'/api/v1/tasks'.post.requestBody.content").containsKey("application/json"));

        // Swagger UI is in the jar but off unless KITE_SWAGGER_UI=true (src/docs/security.md)
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
