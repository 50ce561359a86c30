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

    public static String submit(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/executions")
                .then().statusCode(202).extract().path("id");
    }

    /** Waits (server side) until the execution is done, and returns it. */
    public static JsonPath await(String id) {
        for (int i = 0; i < 6; i++) {
            JsonPath e = given().get("/api/v1/executions/" + id + "?wait=10").then().statusCode(200).extract().jsonPath();
            String phase = e.getString("phase");
            if (!phase.equals("QUEUED") && !phase.equals("RUNNING") && !phase.equals("WAITING_FOR_CACHE")) {
                return e;
            }
        }
        throw new AssertionError("execution " + id + " did not end within 60 s");
    }
}
