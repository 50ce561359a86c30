package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.security.BootstrapKey;

/**
 * Twenty clients register the same id at the same instant: exactly one 201, the others 200 when
 * they sent the winner's content and 409 when not, never a 500, and exactly one stored version.
 */
@QuarkusTest
class ConcurrentRegistrationTest {

    private static final int CLIENTS = 20;

    @TestHTTPResource("/api/v1/tasks")
    URL tasks;

    @Test
    void identicalContentFromTwentyClients() throws Exception {
        String p = Api.project();
        String body = Templates.echo(p, "race", "v1").toString();
        List<Answer> answers = race(i -> body);

        assertEquals(1, answers.stream().filter(a -> a.status == 201).count(), answers.toString());
        assertEquals(CLIENTS - 1, answers.stream().filter(a -> a.status == 200).count(), answers.toString());
        assertEquals(1, answers.stream().map(a -> a.body.get("digest").asText()).distinct().count());
        assertOneVersion(p, answers.get(0).body.get("digest").asText());
    }

    @Test
    void fourVariantsFromTwentyClients() throws Exception {
        String p = Api.project();
        // client i sends variant i % 4; the variants differ in metadata.retries only
        List<Answer> answers = race(i -> variant(p, i % 4));

        List<Answer> created = answers.stream().filter(a -> a.status == 201).toList();
        assertEquals(1, created.size(), answers.toString());
        int winner = created.get(0).variant;
        String digest = created.get(0).body.get("digest").asText();
        for (Answer a : answers) {
            assertTrue(a.status == 201 || a.status == 200 || a.status == 409, a.toString());
            if (a.status == 200) {
                assertEquals(winner, a.variant, a.toString());
                assertEquals(digest, a.body.get("digest").asText());
            }
            if (a.status == 409) {
                assertNotEquals(winner, a.variant, a.toString());
                assertTrue(a.contentType.startsWith(ProblemAssert.MEDIA_TYPE), a.toString());
            }
        }
        assertEquals(CLIENTS / 4, answers.stream().filter(a -> a.variant == winner).count());
        assertEquals(CLIENTS - CLIENTS / 4, answers.stream().filter(a -> a.status == 409).count(), answers.toString());
        JsonPath stored = assertOneVersion(p, digest);
        assertEquals(winner, stored.getInt("items[0].metadata.retries"));
    }

    private static String variant(String project, int retries) {
        ObjectNode t = Templates.echo(project, "race", "v1");
        Templates.metadata(t).put("retries", retries);
        return t.toString();
    }

    private static JsonPath assertOneVersion(String project, String digest) {
        JsonPath versions = given().get("/api/v1/tasks/{p}/development/race", project).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, versions.getList("items").size(), versions.prettify());
        assertEquals(digest, versions.getString("items[0].digest"));
        return versions;
    }

    private record Answer(int variant, int status, String contentType, JsonNode body) {
    }

    /** Sends body(i) for client i, all released together once every client is ready. */
    private List<Answer> race(IntFunction<String> body) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                String json = body.apply(client);
                HttpRequest request = HttpRequest.newBuilder(URI.create(tasks.toString())).header("Authorization", BootstrapKey.BEARER)
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                futures.add(clients.submit(() -> {
                    ready.countDown();
                    go.await();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    return new Answer(client % 4, r.statusCode(), type, Templates.JSON.readTree(r.body()));
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }
}
