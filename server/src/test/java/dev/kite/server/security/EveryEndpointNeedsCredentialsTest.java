package dev.kite.server.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Every operation of the REST API, enumerated from the OpenAPI document (so a new endpoint
 * cannot slip through), answers 401 with a challenge and a problem document to a request without
 * credentials, and to bad ones; /q/health stays open, /q/metrics and /q/openapi do not.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class EveryEndpointNeedsCredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    /** Every operation under /api as "METHOD /path", path parameters filled with plausible values. */
    private static List<String[]> operations() throws Exception {
        JsonNode doc = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        List<String[]> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{id}", "0190a0b1-0000-7000-8000-000000000001")
                    .replaceAll("\\{n}", "0").replaceAll("\\{key}", "a".repeat(64)).replaceAll("\\{[^}]+}", "examples");
            for (String m : METHODS) {
                if (path.getValue().has(m)) {
                    out.add(new String[] {m.toUpperCase(), concrete});
                }
            }
        }
        return out;
    }

    @Test
    void everyApiOperationIs401WithoutCredentials() throws Exception {
        List<String[]> ops = operations();
        List<String> names = ops.stream().map(o -> o[0] + " " + o[1]).toList();
        assertTrue(names.contains("POST /api/v1/executions") && names.contains("POST /api/v1/keys")
                && names.contains("GET /api/v1/audit") && ops.size() >= 15, "the document lists the API: " + names);
        for (String[] op : ops) {
            Response r = Auth.anonymous().contentType("application/json").body("{}").request(op[0], op[1]);
            r.then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer realm=\"kite\""))
                    .body("status", equalTo(401), "title", equalTo("Unauthorized"));
        }
    }

    @Test
    void badCredentialsAre401WithInvalidToken() throws Exception {
        String unknownKey = "kite_" + "x".repeat(43);
        for (String[] op : operations()) {
            for (String credential : List.of(unknownKey, "not-a-jwt", Auth.token("mallory", "*:admin") + "x")) {
                Auth.as(credential).contentType("application/json").body("{}").request(op[0], op[1]).then()
                        .statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
            }
        }
        // an unknown path under /api does not tell whether it exists
        Auth.anonymous().get("/api/v1/nothing-here").then().statusCode(401);
    }

    @Test
    void healthIsOpenMetricsNeedAnOperatorOpenApiAPrincipal() {
        Auth.anonymous().get("/q/health/ready").then().statusCode(200);
        Auth.anonymous().get("/q/health/live").then().statusCode(200);
        Auth.anonymous().get("/q/metrics").then().statusCode(401);
        Auth.as(Auth.token("vera", "examples:viewer")).get("/q/metrics").then().statusCode(403);
        Auth.as(Auth.token("olga", "operator")).get("/q/metrics").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        Auth.anonymous().get("/q/openapi").then().statusCode(401);
        Auth.as(Auth.token("vera", "examples:viewer")).get("/q/openapi").then().statusCode(200);
        // Swagger UI is not served unless enabled
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
