package dev.kite.server.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** An invalid template is refused with one 400 problem that lists every invalid field by its path, not the first one. */
@QuarkusTest
class InvalidTemplateListsEveryFieldTest {

    @Test
    void everyInvalidFieldIsListed() {
        String body = """
                {"id": {"project": "Not Valid", "domain": "nowhere", "name": "a/b\\u0007", "version": "v 1"},
                 "type": "nope",
                 "interface": {
                   "inputs": {"x": {"type": "integr"}, "bad name": {"type": "string"}},
                   "outputs": {"y": {"type": {"collection": "nope"}}, "z": {"type": "integer", "default": "three"}}},
                 "metadata": {
                   "retries": 11, "timeout": "PT-5M", "deadline": "5 minutes",
                   "retryBackoff": {"factor": 0.5, "jitter": 2},
                   "cache": {"serialize": "yes", "ignoreInputs": ["zzz"]},
                   "interruptible": "no", "tags": {"team": 3}, "color": "red"},
                 "config": [],
                 "container": "busybox",
                 "extra": 1}
                """;
        JsonPath problem = ProblemAssert.problem(
                given().contentType(ContentType.JSON).body(body).post("/api/v1/tasks"), 400);

        List<String> expected = new ArrayList<>(List.of(
                "id.project", "id.domain", "id.name", "id.name", "id.version",
                "type",
                "interface.inputs.x.type", "interface.inputs[\"bad name\"]",
                "interface.outputs.y.type.collection", "interface.outputs.z.default",
                "metadata.retries", "metadata.timeout", "metadata.deadline",
                "metadata.retryBackoff.factor", "metadata.retryBackoff.jitter",
                "metadata.cache.version", "metadata.cache.serialize", "metadata.cache.ignoreInputs[0]",
                "metadata.interruptible", "metadata.tags.team", "metadata.color",
                "config", "container", "extra"));
        List<String> actual = new ArrayList<>(ProblemAssert.paths(problem));
        expected.sort(null);
        actual.sort(null);
        assertEquals(expected, actual, problem.prettify());
        assertTrue(problem.getString("detail").startsWith(expected.size() + " invalid field(s): "), problem.getString("detail"));

        // the messages say what is wrong, not only where
        String type = message(problem, "type");
        assertTrue(type.contains("\"nope\"") && type.contains("echo"), type);
        assertTrue(message(problem, "metadata.retries").contains("between 0 and 10"), problem.prettify());
        assertTrue(message(problem, "metadata.timeout").contains("positive"), problem.prettify());
        assertTrue(message(problem, "metadata.cache.version").contains("required"), problem.prettify());
        assertTrue(message(problem, "id.domain").contains("development, production, staging"), problem.prettify());
    }

    private static String message(JsonPath problem, String path) {
        return problem.getString("errors.find { it.path == '" + path + "' }.message");
    }
}
