package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;
import dev.kite.server.ReportingPlugin;

/** What a plugin reports — a running message, links — is shown on the attempt, for sync and async plugins alike. */
@QuarkusTest
class AttemptsShowLinksAndMessagesTest {

    @Inject
    ReportingPlugin reporting;

    @Test
    void anAsyncAttemptShowsItsRunningMessageAndLinks() throws InterruptedException {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "job", "version": "v1"},
                 "type": "reporting", "interface": {"outputs": {"job": {"type": "string"}}}}""".formatted(p));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "job"}}""".formatted(p));
        String job = "kite-" + id.replace("-", "") + "-0";
        List<Map<String, String>> console = List.of(Map.of("name", "console", "url", "https://jobs.example.com/" + job));
        JsonPath running = null;
        for (int i = 0; i < 200; i++) { // the first poll comes after kite.engine.poll-initial
            running = given().get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
            if ("step 1 of 2".equals(running.getString("attempts[0].message"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals("RUNNING", running.getString("phase"));
        assertEquals("step 1 of 2", running.getString("attempts[0].message"));
        assertEquals(console, running.getList("attempts[0].links"));
        reporting.release(id);
        JsonPath done = Api.await(id);
        assertEquals("SUCCEEDED", done.getString("phase"));
        assertEquals(console, done.getList("attempts[0].links"));
    }

    @Test
    void aSyncAttemptShowsItsMessageAndLinks() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "query", "version": "v1"},
                 "type": "reporting-sync"}""".formatted(p));
        JsonPath done = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "query"}}""".formatted(p)));
        assertEquals("SUCCEEDED", done.getString("phase"));
        assertEquals("3 rows", done.getString("attempts[0].message"));
        assertEquals(List.of(Map.of("name", "query q-17", "url", "https://warehouse.example.com/queries/q-17")),
                done.getList("attempts[0].links"));
    }
}
