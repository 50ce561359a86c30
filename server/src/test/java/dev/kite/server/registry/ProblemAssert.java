package dev.kite.server.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Checks that an answer is an RFC 9457 problem document with the expected status. */
final class ProblemAssert {

    static final String MEDIA_TYPE = "application/problem+json";

    private ProblemAssert() {
    }

    /** Asserts the status, the problem media type and the document's own fields; returns the document. */
    static JsonPath problem(Response r, int status) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), "status of " + body);
        assertTrue(r.contentType().startsWith(MEDIA_TYPE), "content type " + r.contentType() + " of " + body);
        JsonPath p = r.jsonPath();
        assertEquals(status, p.getInt("status"), body);
        assertEquals("about:blank", p.getString("type"), body);
        assertFalse(p.getString("title").isBlank(), body);
        return p;
    }

    /** The {@code path} of every entry of {@code errors} (empty when there are none). */
    static List<String> paths(JsonPath problem) {
        List<String> paths = problem.getList("errors.path", String.class);
        return paths == null ? List.of() : paths;
    }
}
