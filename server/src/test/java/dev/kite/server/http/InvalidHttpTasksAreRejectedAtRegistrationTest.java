package dev.kite.server.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.kite.server.Api;

/** Mistakes in an http task's config are found at registration, each with its field path. */
@QuarkusTest
class InvalidHttpTasksAreRejectedAtRegistrationTest {

    private static List<Map<String, String>> errors(String project, String type, String config) {
        return given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "bad", "version": "v1"},
                 "type": "%s",
                 "interface": {"inputs": {"id": {"type": "integer"}}, "outputs": {"name": {"type": "string"}}},
                 "config": %s}
                """.formatted(project, type, config))
                .post("/api/v1/tasks").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getList("errors");
    }

    @Test
    void templatesNameDeclaredInputsOnly() {
        String p = Api.project();
        List<Map<String, String>> e = errors(p, "http",
                "{\"url\": \"https://api.example.com/{{.inputs.x}}\", \"outputs\": {\"name\": \"/name\"}}");
        assertEquals(List.of(Map.of("path", "config.url", "message", "unknown input 'x' in {{.inputs.x}}; known: id")), e);
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        String p = Api.project();
        List<Map<String, String>> e = errors(p, "http", """
                {"method": "FETCH", "url": "http://{{.inputs.id}}.example.com/",
                 "headers": {"Bad Header": "x", "Authorization": {"secret": ""}},
                 "query": {"q": "{{.inputs.id.x}}"},
                 "body": {"a": ["{{ .inputs.nope }}"]},
                 "outputs": {"name": "name", "other": "/x"},
                 "timeout": "5 seconds", "idempotencyKey": "never"}
                """);
        List<String> paths = e.stream().map(m -> m.get("path")).toList();
        assertEquals(List.of("config.method", "config.url", "config.headers[\"Bad Header\"]",
                "config.headers.Authorization.secret", "config.query.q", "config.body.a[0]", "config.outputs.name",
                "config.outputs.other", "config.timeout", "config.idempotencyKey"), paths);
    }

    @Test
    void aJobNeedsToKnowWhereItsIdIs() {
        String p = Api.project();
        List<Map<String, String>> e = errors(p, "http-job", """
                {"submit": {"url": "https://jobs.example.com/"},
                 "status": {"url": "https://jobs.example.com/{{.job.id}}", "pointer": "state", "done": []},
                 "outputs": {"name": "/name"}}
                """);
        List<String> paths = e.stream().map(m -> m.get("path")).toList();
        assertEquals(List.of("config.job", "config.status.url", "config.status.pointer", "config.status.done"), paths);
    }

    @Test
    void unknownConfigFieldsAreRejected() {
        String p = Api.project();
        List<Map<String, String>> e = errors(p, "http", "{\"url\": \"https://a.example.com/\", \"retry\": 3}");
        assertEquals("config.retry", e.get(0).get("path"));
    }
}
