package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * Whatever a client sends to the registry, a bad request is answered with a 4xx problem document
 * that names the offending field — never with a 500 or a body of another kind.
 */
@QuarkusTest
class BadInputsAreProblemsTest {

    private static String project;

    @BeforeEach
    void project() {
        if (project == null) {
            project = Api.project();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void answeredWithAProblem(Function<String, Response> request, int status, String path, String says) {
        Response r = request.apply(project);
        JsonPath problem = ProblemAssert.problem(r, status);
        if (path != null) {
            assertTrue(ProblemAssert.paths(problem).contains(path), "no error at '" + path + "' in " + problem.prettify());
        }
        if (says != null) {
            assertTrue(r.asString().contains(says), "'" + says + "' not in " + problem.prettify());
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                raw("malformed JSON", "{\"id\": ", ""),
                raw("empty body", "", ""),
                raw("an array instead of an object", "[1, 2]", ""),
                raw("a string instead of an object", "\"greet\"", ""),
                raw("JSON null", "null", ""),
                raw("duplicate keys", "{\"type\": \"echo\", \"type\": \"echo\"}", ""),
                raw("trailing garbage", "{\"type\": \"echo\"} {}", ""),
                raw("arrays nested 5,000 deep", "{\"config\": " + "[".repeat(5000) + "]".repeat(5000) + "}", ""),
                raw("a NaN literal", "{\"metadata\": {\"retries\": NaN}}", ""),
                template("id as a string", t -> t.put("id", "demo/development/greet/v1"), 400, "id", "expected an object"),
                template("type as a number", t -> t.put("type", 7), 400, "type", "expected a string"),
                template("id without name and version", t -> id(t).without(List.of("name", "version")),
                        400, "id.version", "required"),
                template("empty name", t -> id(t).put("name", ""), 400, "id.name", "must not be empty"),
                template("name with a control character", t -> id(t).put("name", "greet\u0007"), 400, "id.name", "U+0007"),
                template("name with a slash", t -> id(t).put("name", "team/greet"), 400, "id.name", "'/'"),
                template("name '..'", t -> id(t).put("name", ".."), 400, "id.name", null),
                template("version with a space", t -> id(t).put("version", "v 1"), 400, "id.version", null),
                template("version with a slash", t -> id(t).put("version", "1/2"), 400, "id.version", null),
                template("upper-case project", t -> id(t).put("project", "Demo"), 400, "id.project", null),
                template("unknown domain", t -> id(t).put("domain", "prod"), 400, "id.domain", "development"),
                template("unknown task type", t -> t.put("type", "no-such-type"), 400, "type", "; known types: "),
                template("unknown top-level field", t -> t.put("colour", "red"), 400, "colour", "unknown field"),
                template("retries 11", t -> Templates.metadata(t).put("retries", 11), 400, "metadata.retries", "between 0 and 10"),
                template("retries -1", t -> Templates.metadata(t).put("retries", -1), 400, "metadata.retries", null),
                template("retries as a string", t -> Templates.metadata(t).put("retries", "3"), 400, "metadata.retries", null),
                template("retries 2.5", t -> Templates.metadata(t).put("retries", 2.5), 400, "metadata.retries", null),
                template("negative timeout", t -> Templates.metadata(t).put("timeout", "-PT5M"), 400, "metadata.timeout", "positive"),
                template("zero timeout", t -> Templates.metadata(t).put("timeout", "PT0S"), 400, "metadata.timeout", "positive"),
                template("malformed timeout", t -> Templates.metadata(t).put("timeout", "5 minutes"), 400, "metadata.timeout", "PT5M"),
                template("timeout in months", t -> Templates.metadata(t).put("timeout", "P1M"), 400, "metadata.timeout", "months"),
                template("timeout as a number", t -> Templates.metadata(t).put("timeout", 300), 400, "metadata.timeout", null),
                template("cache without version", t -> Templates.metadata(t).putObject("cache").put("serialize", true),
                        400, "metadata.cache.version", "required"),
                template("cache ignoring an undeclared input", t -> Templates.metadata(t).putObject("cache").put("version", "1")
                        .putArray("ignoreInputs").add("nope"), 400, "metadata.cache.ignoreInputs[0]", "not a declared input"),
                template("retry backoff factor below 1", t -> Templates.metadata(t).putObject("retryBackoff").put("factor", 0.5),
                        400, "metadata.retryBackoff.factor", null),
                template("unknown simple type", t -> input(t).put("type", "str"), 400, "interface.inputs.text.type", "unknown type"),
                template("type expression with two keys", t -> input(t).putObject("type").put("collection", "integer").put("map", "string"),
                        400, "interface.inputs.text.type", "2 keys"),
                template("enum with a duplicate", t -> input(t).putObject("type").putArray("enum").add("a").add("a"),
                        400, "interface.inputs.text.type.enum[1]", "duplicate"),
                template("union of one type", t -> input(t).putObject("type").putArray("union").add("integer"),
                        400, "interface.inputs.text.type.union", "at least two"),
                template("blob of unknown dimensionality", t -> input(t).putObject("type").putObject("blob").put("dimensionality", "3d"),
                        400, "interface.inputs.text.type.blob.dimensionality", null),
                template("default of the wrong type", t -> input(t).put("default", 42), 400, "interface.inputs.text.default", null),
                template("plugin config with an unknown key", t -> ((ObjectNode) t.get("config")).put("suffix", "!"),
                        400, "config.suffix", null),
                template("config as an array", t -> t.putArray("config"), 400, "config", null),
                template("U+0000 in a description", t -> input(t).put("description", "a\u0000b"),
                        400, "interface.inputs.text.description", "U+0000"),
                escaped("unpaired surrogate in a tag", t -> Templates.metadata(t).putObject("tags").put("team", "@"), "\"\\ud800\"",
                        "metadata.tags.team", "surrogate"),
                escaped("number beyond the double range in a struct default",
                        t -> input(t).put("type", "struct").putObject("default").put("n", "@"), "1e999",
                        "interface.inputs.text.default.n", "range"),
                request("project name with U+0000", p -> given().contentType(ContentType.JSON)
                        .body("{\"id\": \"nul\", \"name\": \"a\\u0000b\"}").post("/api/v1/projects"), 400, "name", "U+0000"),
                request("oversized body", p -> given().contentType(ContentType.JSON)
                        .body("{\"pad\": \"" + "x".repeat(1_100_000) + "\"}").post("/api/v1/tasks"), 413, null, "1048576"),
                request("listing without a project", p -> given().get("/api/v1/tasks"), 400, "project", null),
                request("listing an unknown domain", p -> given().queryParam("project", p).queryParam("domain", "prod")
                        .get("/api/v1/tasks"), 400, "domain", null),
                request("limit that is not a number", p -> given().queryParam("project", p).queryParam("limit", "ten")
                        .get("/api/v1/tasks"), 400, "limit", null),
                request("limit 0", p -> given().queryParam("project", p).queryParam("limit", 0).get("/api/v1/tasks"), 400, "limit", null),
                request("limit above the maximum", p -> given().queryParam("project", p).queryParam("limit", 1001)
                        .get("/api/v1/tasks"), 400, "limit", "1000"),
                request("malformed cursor", p -> given().queryParam("project", p).queryParam("cursor", "abc")
                        .get("/api/v1/tasks"), 400, "cursor", null),
                request("malformed cursor on versions", p -> given().queryParam("cursor", "-5")
                        .get("/api/v1/tasks/{p}/development/greet", p), 400, "cursor", null),
                request("unknown version", p -> given().get("/api/v1/tasks/{p}/development/greet/v404", p), 404, null, null),
                request("unknown route under /api", p -> given().get("/api/v1/taskz"), 404, null, "/api/v1/taskz"),
                request("wrong method", p -> given().delete("/api/v1/tasks"), 405, null, "DELETE"),
                request("unacceptable media type", p -> given().accept("text/html").queryParam("project", p)
                        .get("/api/v1/tasks"), 406, null, null),
                request("project with an invalid id", p -> given().contentType(ContentType.JSON)
                        .body("{\"id\": \"Data Team\", \"name\": 3}").post("/api/v1/projects"), 400, "id", null),
                request("project body that is not JSON", p -> given().contentType(ContentType.JSON).body("id=demo")
                        .post("/api/v1/projects"), 400, "", null));
    }

    private static ObjectNode id(ObjectNode template) {
        return (ObjectNode) template.get("id");
    }

    private static ObjectNode input(ObjectNode template) {
        return (ObjectNode) template.get("interface").get("inputs").get("text");
    }

    private static Arguments raw(String label, String body, String path) {
        return request(label, p -> post(body), 400, path, null);
    }

    /** A valid template of the test project, spoiled in one place. */
    private static Arguments template(String label, Consumer<ObjectNode> spoil, int status, String path, String says) {
        return request(label, p -> {
            ObjectNode t = Templates.echo(p, "greet", "v1");
            spoil.accept(t);
            return post(t.toString());
        }, status, path, says);
    }

    /** Like {@link #template}, with the JSON string "@" then replaced by raw JSON text that Jackson would not write. */
    private static Arguments escaped(String label, Consumer<ObjectNode> spoil, String json, String path, String says) {
        return request(label, p -> {
            ObjectNode t = Templates.echo(p, "greet", "v1");
            spoil.accept(t);
            return post(t.toString().replace("\"@\"", json));
        }, 400, path, says);
    }

    private static Arguments request(String label, Function<String, Response> request, int status, String path, String says) {
        return Arguments.of(Named.of(label, request), status, path, says);
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/tasks");
    }
}
