package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** The tasks of a project list in registration order, filtered by domain, paged by cursor, and never another project's. */
@QuarkusTest
class ListTasksByProjectAndDomainTest {

    @Test
    void listByProjectAndDomain() {
        String p = Api.project();
        String neighbour = Api.project();
        register(p, "development", "a", "v1");
        register(neighbour, "development", "a", "v1");
        register(p, "staging", "b", "v1");
        register(p, "development", "c", "v1");
        register(p, "development", "a", "v2");
        register(p, "production", "a", "v1");

        assertEquals(List.of("development/a/v1", "staging/b/v1", "development/c/v1", "development/a/v2", "production/a/v1"),
                ids(list(p, null, null, null)));
        assertEquals(List.of("development/a/v1", "development/c/v1", "development/a/v2"), ids(list(p, "development", null, null)));
        assertEquals(List.of("staging/b/v1"), ids(list(p, "staging", null, null)));
        assertEquals(List.of("development/a/v1"), ids(list(neighbour, null, null, null)));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = list(p, null, 2, cursor);
            paged.addAll(ids(page));
            cursor = page.getString("nextCursor");
            pages++;
            if (pages < 3) {
                assertNotNull(cursor, "page " + pages + " of 3 has a next cursor");
            }
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(ids(list(p, null, null, null)), paged);

        JsonPath empty = list(Api.project(), "development", null, null);
        assertEquals(0, empty.getList("items").size());
        assertNull(empty.getString("nextCursor"));
    }

    private static void register(String project, String domain, String name, String version) {
        given().contentType(ContentType.JSON).body(Templates.echo(project, domain, name, version).toString())
                .post("/api/v1/tasks").then().statusCode(201);
    }

    private static JsonPath list(String project, String domain, Integer limit, String cursor) {
        var request = given().queryParam("project", project);
        if (domain != null) {
            request.queryParam("domain", domain);
        }
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/tasks").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        List<String> domains = page.getList("items.id.domain");
        List<String> names = page.getList("items.id.name");
        List<String> versions = page.getList("items.id.version");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ids.add(domains.get(i) + "/" + names.get(i) + "/" + versions.get(i));
        }
        return ids;
    }
}
