package dev.kite.server.cache;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * A probe task to register and submit in the cache tests. Inputs: {@code label} (string),
 * {@code value}, {@code sleepMs}, {@code failFirst}, {@code size} (integers, default 0) and
 * {@code note} (string, default ""). Outputs: {@code label}, {@code call}, {@code value},
 * {@code blob}, or none.
 */
final class ProbeTask {

    private static final String INPUTS = """
            {"label": {"type": "string"}, "value": {"type": "integer", "default": 0},
             "sleepMs": {"type": "integer", "default": 0}, "failFirst": {"type": "integer", "default": 0},
             "size": {"type": "integer", "default": 0}, "note": {"type": "string", "default": ""}}""";
    private static final String OUTPUTS = """
            {"label": {"type": "string"}, "call": {"type": "integer"}, "value": {"type": "integer"},
             "blob": {"type": "string"}}""";

    final String project;
    static final String NAME = "probe";
    private String version = "v1";
    private String cache = "{\"version\": \"1\"}";
    private String outputs = OUTPUTS;
    private int retries;

    private ProbeTask(String project) {
        this.project = project;
    }

    /** A probe task in a fresh project. */
    static ProbeTask fresh() {
        return new ProbeTask(Api.project());
    }

    ProbeTask version(String v) {
        version = v;
        return this;
    }

    /** The {@code metadata.cache} object, as JSON text. */
    ProbeTask cache(String json) {
        cache = json;
        return this;
    }

    ProbeTask outputs(String json) {
        outputs = json;
        return this;
    }

    ProbeTask retries(int n) {
        retries = n;
        return this;
    }

    ProbeTask register() {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "%s"},
                 "type": "probe",
                 "interface": {"inputs": %s, "outputs": %s},
                 "metadata": {"retries": %d, "cache": %s}}
                """.formatted(project, NAME, version, INPUTS, outputs, retries, cache));
        return this;
    }

    /** Submits an execution of the newest version with these inputs (JSON text); answers its id. */
    String submit(String inputs) {
        return submit(inputs, false);
    }

    String submit(String inputs, boolean overwriteCache) {
        return Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s", "version": "%s"},
                 "inputs": %s, "overwriteCache": %s}
                """.formatted(project, NAME, version, inputs, overwriteCache));
    }

    /** Submits and waits for the end. */
    JsonPath run(String inputs) {
        return Api.await(submit(inputs));
    }

    /** Polls (with pauses) until the execution is in {@code phase}; fails after 30 s. */
    static void awaitPhase(String id, String phase) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String now = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().path("phase");
        while (!now.equals(phase)) {
            if (System.nanoTime() > until) {
                throw new AssertionError(id + " never reached " + phase + " (last " + now + ")");
            }
            Api.pause();
            now = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().path("phase");
        }
    }

    /** The phases recorded in an execution's events, oldest first. */
    static List<String> events(String id) {
        return given().get("/api/v1/executions/" + id + "/events").then().statusCode(200).extract().jsonPath()
                .getList("phase");
    }

    /** The message of the first event with this phase, or null. */
    static String eventMessage(String id, String phase) {
        List<Map<String, Object>> all = given().get("/api/v1/executions/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(e -> phase.equals(e.get("phase"))).map(e -> (String) e.get("message"))
                .findFirst().orElse(null);
    }
}
