package dev.kite.server;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Small REST helpers shared by the end-to-end tests. */
public final class Api {

    private Api() {
    }

    /** A fresh project, so that tests sharing one database do not see each other's tasks. */
    public static String project() {
        String id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\"}").post("/api/v1/projects")
                .then().statusCode(201);
        return id;
    }

    public static void register(String template) {
        given().contentType(ContentType.JSON).body(template).post("/api/v1/tasks").then().statusCode(201);
    }

    /** Registers a {@code scripted} task (see ScriptedPlugin) with the given metadata JSON. */
    public static void scripted(String project, String name, String metadata) {
        register("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "scripted",
                 "interface": {"inputs": {"script": {"type": {"collection": "string"}}},
                               "outputs": {"attempt": {"type": "integer"}}},
                 "metadata": %s}
                """.formatted(project, name, metadata));
    }

    /** Submits a run of a {@code scripted} task with the given steps, e.g. {@code "user", "ok"}. */
    public static String runScript(String project, String name, String... steps) {
        String list = String.join(",", java.util.Arrays.stream(steps).map(s -> "\"" + s + "\"").toList());
        return submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {"script": [%s]}}
                """.formatted(project, name, list));
    }

    public static String submit(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/executions")
                .then().statusCode(202).extract().path("id");
    }

    /** Waits (server side) until the execution is done, and returns it. */
    public static JsonPath await(String id) {
        for (int i = 0; i < 6; i++) {
            JsonPath e = given().get("/api/v1/executions/" + id + "?wait=10").then().statusCode(200).extract().jsonPath();
            String phase = e.getString("phase");
            if (!phase.equals("QUEUED") && !phase.equals("RUNNING") && !phase.equals("WAITING_FOR_CACHE") && !phase.equals("RUNNING_NODES")) {
                return e;
            }
        }
        throw new AssertionError("execution " + id + " did not end within 60 s");
    }

    /**
     * A short pause between two polls of a waiting loop, so that the loop does not take the CPU the
     * server under test needs (the box has two cores).
     */
    public static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits long enough that a retry, had one been scheduled, would have started: longer than both
     * the largest backoff ({@code kite.retry.max-backoff}) and a sweep ({@code kite.engine.sweep-interval}).
     * For tests that check something does <em>not</em> happen after an abort or an end.
     */
    public static void waitOutRetries() {
        org.eclipse.microprofile.config.Config c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        java.time.Duration backoff = c.getValue("kite.retry.max-backoff", java.time.Duration.class);
        java.time.Duration sweep = c.getOptionalValue("kite.engine.sweep-interval", java.time.Duration.class)
                .orElse(java.time.Duration.ofSeconds(1));
        long ms = Math.max(backoff.toMillis(), sweep.toMillis()) * 2 + 200;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
