package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.security.BootstrapKey;

/**
 * Bodies over kite.api.max-body-bytes (1 MiB by default) are refused with a 413 problem, whether
 * the client states the length or streams the body in chunks; a body under the cap is served.
 */
@QuarkusTest
class OversizedBodyTest {

    private static final int LIMIT = 1_048_576;

    @TestHTTPResource("/api/v1/tasks")
    URL tasks;

    @Test
    void oversizedBodiesAreProblems() throws Exception {
        String p = Api.project();
        ObjectNode big = Templates.echo(p, "big", "v1");
        description(big, "é".repeat(LIMIT / 2));
        String body = big.toString();
        assertTrue(body.length() < LIMIT && body.getBytes(StandardCharsets.UTF_8).length > LIMIT,
                "the cap counts bytes, not characters");

        JsonPath sized = ProblemAssert.problem(given().contentType(ContentType.JSON).body(body).post("/api/v1/tasks"), 413);
        assertTrue(sized.getString("detail").endsWith("bytes; the limit is " + LIMIT), sized.prettify());

        HttpResponse<String> streamed = postChunked(body);
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertTrue(streamed.headers().firstValue("Content-Type").orElse("").startsWith(ProblemAssert.MEDIA_TYPE));
        JsonNode problem = Templates.JSON.readTree(streamed.body());
        assertEquals(413, problem.get("status").asInt());
        assertEquals("the body is larger than the limit of " + LIMIT + " bytes", problem.get("detail").asText());

        ProblemAssert.problem(given().get("/api/v1/tasks/{p}/development/big/v1", p), 404);

        description(big, "e".repeat(LIMIT - 1000));
        assertEquals(201, given().contentType(ContentType.JSON).body(big.toString()).post("/api/v1/tasks").statusCode());
        HttpResponse<String> small = postChunked(Templates.echo(p, "streamed", "v1").toString());
        assertEquals(201, small.statusCode(), small.body());
    }

    private static void description(ObjectNode template, String text) {
        ((ObjectNode) template.get("interface").get("inputs").get("text")).put("description", text);
    }

    /** Posts without a Content-Length: the body goes out in chunks, its size unknown until the end. */
    private HttpResponse<String> postChunked(String body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tasks.toString())).header("Authorization", BootstrapKey.BEARER).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
