package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * Bodies over kite.api.max-body-bytes (1 MiB by default) are refused with a 413 problem, whether
 * the client states the length or streams the body in chunks; a body under the cap is served.
 */
@QuarkusTest
class OversizedBodyTest {

    private static final int LIMIT = 1_048_576;

    @Test
    void oversizedBodiesAreProblems() {
        String p = Api.project();
        ObjectNode big = Templates.echo(p, "big", "v1");
        ((ObjectNode) big.get("interface").get("inputs").get("text")).put("description", "é".repeat(LIMIT / 2));
        String body = big.toString();
        assertTrue(body.length() < LIMIT && body.getBytes(StandardCharsets.UTF_8).length > LIMIT,
                "the cap counts bytes, not characters");

        JsonPath sized = ProblemAssert.problem(given().contentType(ContentType.JSON).body(body).post("/api/v1/tasks"), 413);
        assertTrue(sized.getString("detail").contains(String.valueOf(LIMIT)), sized.prettify());

        Response chunked = given().contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).post("/api/v1/tasks");
        JsonPath streamed = ProblemAssert.problem(chunked, 413);
        assertTrue(streamed.getString("detail").contains(String.valueOf(LIMIT)), streamed.prettify());

        ProblemAssert.problem(given().get("/api/v1/tasks/{p}/development/big/v1", p), 404);

        ((ObjectNode) big.get("interface").get("inputs").get("text")).put("description", "e".repeat(LIMIT - 1000));
        assertEquals(201, given().contentType(ContentType.JSON).body(big.toString()).post("/api/v1/tasks").statusCode());
        String chunkedSmall = Templates.echo(p, "streamed", "v1").toString();
        assertEquals(201, given().contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(chunkedSmall.getBytes(StandardCharsets.UTF_8))).post("/api/v1/tasks").statusCode());
    }
}
