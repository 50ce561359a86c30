package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.security.BootstrapKey;

/**
 * A task with 1,000 registered versions lists every one exactly once, newest first, whatever the
 * page size; the last page has no next cursor; the project listing pages through the same
 * versions oldest first.
 */
@QuarkusTest
class ThousandVersionsPagingTest {

    private static final int VERSIONS = 1000;
    /** Registered in waves: parallel within a wave, wave after wave, so the waves' order is known. */
    private static final int WAVE = 100;

    @TestHTTPResource("/api/v1/tasks")
    URL tasks;

    @Test
    void thousandVersionsPageCorrectly() throws Exception {
        String p = Api.project();
        registerAll(p);

        List<String> all = versions(p, 1000, null).getList("items.id.version");
        assertEquals(VERSIONS, all.size());
        assertEquals(VERSIONS, new HashSet<>(all).size(), "no duplicates");
        for (int i = 1; i <= VERSIONS; i++) {
            assertTrue(all.contains(version(i)), "no gap: " + version(i));
        }
        for (int i = 1; i < VERSIONS; i++) {
            assertTrue(wave(all.get(i)) <= wave(all.get(i - 1)),
                    all.get(i) + " (an older wave) must come after " + all.get(i - 1));
        }
        assertNull(versions(p, 1000, null).getString("nextCursor"));

        assertEquals(all, pageThrough(p, 7, 143));
        assertEquals(all, pageThrough(p, 100, 10));
        assertEquals(all, pageThrough(p, null, 10));
        assertEquals(all, pageThrough(p, 999, 2));

        List<String> oldestFirst = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("project", p).queryParam("domain", "development").queryParam("limit", 250);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/tasks").then().statusCode(200).extract().jsonPath();
            oldestFirst.addAll(page.getList("items.id.version"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(4, pages);
        List<String> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        assertEquals(all, newestFirst);
    }

    /** Pages through the versions with {@code limit}, checking the page count and each page's size. */
    private static List<String> pageThrough(String project, Integer limit, int expectedPages) {
        int size = limit == null ? 100 : limit;
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = versions(project, limit, cursor);
            List<String> items = page.getList("items.id.version");
            cursor = page.getString("nextCursor");
            pages++;
            if (cursor != null) {
                assertEquals(size, items.size(), "a page before the last is full");
            } else {
                assertTrue(!items.isEmpty() && items.size() <= size, "the last page has 1.." + size + " items");
            }
            seen.addAll(items);
            assertTrue(pages <= expectedPages, "more pages than " + expectedPages);
        } while (cursor != null);
        assertEquals(expectedPages, pages);
        return seen;
    }

    private static JsonPath versions(String project, Integer limit, String cursor) {
        var request = given();
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        JsonPath page = request.get("/api/v1/tasks/{p}/development/many", project).then().statusCode(200).extract().jsonPath();
        assertNotNull(page.getList("items"));
        return page;
    }

    private void registerAll(String project) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int start = 1; start <= VERSIONS; start += WAVE) {
                List<Callable<Integer>> wave = new ArrayList<>();
                for (int i = start; i < start + WAVE; i++) {
                    String body = Templates.echo(project, "many", version(i)).toString();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(tasks.toString())).header("Authorization", BootstrapKey.BEARER).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    wave.add(() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                }
                for (Future<Integer> status : clients.invokeAll(wave)) {
                    assertEquals(201, status.get());
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static String version(int i) {
        return String.format("v%04d", i);
    }

    private static int wave(String version) {
        return (Integer.parseInt(version.substring(1)) - 1) / WAVE;
    }
}
