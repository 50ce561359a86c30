package dev.kite.server.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/** Aborting an execution whose job is running sends the configured cancel request for that job. */
@QuarkusTest
class AbortCancelsTheJobTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> switch (r.method()) {
            case "POST" -> new TestServer.Reply(201, Map.of("Content-Type", "application/json"), "{\"job\": {\"id\": \"j-9\"}}", 0);
            case "GET" -> TestServer.Reply.json(200, "{\"status\": {\"phase\": \"RUNNING\"}}");
            case "DELETE" -> TestServer.Reply.status(204);
            default -> TestServer.Reply.status(405);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void abortSendsTheCancelRequest() throws InterruptedException {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "forever", "version": "v1"},
                 "type": "http-job",
                 "config": {"submit": {"url": "%s"},
                            "job": {"id": "/job/id"},
                            "status": {"url": "%s", "pointer": "/status/phase", "done": ["SUCCEEDED"]},
                            "cancel": {"method": "DELETE", "url": "%s"}}}
                """.formatted(p, server.url("/jobs"), server.url("/jobs/{{.job.id}}"), server.url("/jobs/{{.job.id}}?reason=abort")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "forever"}, "inputs": {}}
                """.formatted(p));
        server.awaitReceived(r -> r.method().equals("GET") && r.path().equals("/jobs/j-9"), 1);

        JsonPath e = given().post("/api/v1/executions/" + id + "/abort").then().statusCode(200).extract().jsonPath();
        assertEquals("ABORTED", e.getString("phase"));
        assertEquals("ABORTED", e.getString("attempts[0].phase"));
        var cancels = server.awaitReceived(r -> r.method().equals("DELETE"), 1);
        assertEquals(1, cancels.size());
        assertEquals("/jobs/j-9", cancels.get(0).path());
        assertEquals("abort", cancels.get(0).params().get("reason"));
        assertEquals(1, server.received(r -> r.method().equals("POST")).size(), "submitted once");
    }
}
