package dev.kite.server.data;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** Submitting the data tests' tasks. */
final class Data {

    private Data() {
    }

    static String submit(String project, String name, String inputs) {
        return Api.submit("{\"task\": {\"project\": \"" + project + "\", \"domain\": \"development\", \"name\": \"" + name
                + "\"}, \"inputs\": " + inputs + "}");
    }

    static JsonPath run(String name, String inputs) {
        return Api.await(submit(DataTasks.PROJECT, name, inputs));
    }

    /** Registers an {@code echo} task (outputs = inputs) in a fresh project; returns the project. */
    static String echoTask(String name, String iface, String metadata) {
        String project = Api.project();
        Api.register("{\"id\": {\"project\": \"" + project + "\", \"domain\": \"development\", \"name\": \"" + name
                + "\", \"version\": \"v1\"}, \"type\": \"echo\", \"config\": {}, \"interface\": " + iface
                + ", \"metadata\": " + metadata + "}");
        return project;
    }

    /** The answer to a submission that is refused. */
    static JsonPath refused(String name, String inputs) {
        return given().contentType(ContentType.JSON).body("{\"task\": {\"project\": \"" + DataTasks.PROJECT
                + "\", \"domain\": \"development\", \"name\": \"" + name + "\"}, \"inputs\": " + inputs + "}")
                .post("/api/v1/executions").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath();
    }
}
