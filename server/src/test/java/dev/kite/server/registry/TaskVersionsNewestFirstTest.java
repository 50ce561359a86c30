package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The versions of a task list newest registration first — not in the order of their names — and
 * page with a cursor; other tasks do not leak in.
 */
@QuarkusTest
class TaskVersionsNewestFirstTest {

    @Test
    void newestRegistrationFirst() {
        String p = Api.project();
        register(p, "greet", "v1");
        register(p, "other", "v1");
        register(p, "greet", "v2");
        register(p, "greet", "v10");
        register(p, "greet", "v0.9");

        JsonPath all = versions(p, "greet", null, null);
        assertEquals(List.of("v0.9", "v10", "v2", "v1"), all.getList("items.id.version"));
        assertNull(all.getString("nextCursor"));
        List<String> times = all.getList("items.registeredAt");
        for (int i = 1; i < times.size(); i++) {
            assertFalse(Instant.parse(times.get(i)).isAfter(Instant.parse(times.get(i - 1))), times.toString());
        }

        JsonPath first = versions(p, "greet", 3, null);
        assertEquals(List.of("v0.9", "v10", "v2"), first.getList("items.id.version"));
        String cursor = first.getString("nextCursor");
        JsonPath second = versions(p, "greet", 3, cursor);
        assertEquals(List.of("v1"), second.getList("items.id.version"));
        assertNull(second.getString("nextCursor"));

        assertEquals(List.of("v1"), versions(p, "other", null, null).getList("items.id.version"));
        ProblemAssert.problem(given().get("/api/v1/tasks/{p}/development/{n}", p, "nobody"), 404);
        // the same name in another domain is another task
        ProblemAssert.problem(given().get("/api/v1/tasks/{p}/staging/greet", p), 404);
    }

    private static void register(String project, String name, String version) {
        given().contentType(ContentType.JSON).body(Templates.echo(project, name, version).toString())
                .post("/api/v1/tasks").then().statusCode(201);
    }

    private static JsonPath versions(String project, String name, Integer limit, String cursor) {
        var request = given();
        if (limit != null) {
            request.queryParam("limit", limit);
        }
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/tasks/{p}/development/{n}", project, name).then().statusCode(200).extract().jsonPath();
    }
}
