package dev.kite.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * An http-job task submits once (with the Idempotency-Key), keeps the job's id and URL as its
 * persisted handle, polls the status URL until the state says done, and reads its outputs there.
 */
@QuarkusTest
class AsyncJobCompletesTest {

    static TestServer server;
    static final AtomicInteger polls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("127.0.0.1");
        server.handle(r -> {
            if (r.method().equals("POST") && r.path().equals("/jobs")) {
                return new TestServer.Reply(202, Map.of("Content-Type", "application/json", "Location", "/jobs/j-1"),
                        "{\"id\": \"j-1\"}", 0);
            }
            if (r.method().equals("GET") && r.path().equals("/jobs/j-1")) {
                return polls.incrementAndGet() < 3
                        ? TestServer.Reply.json(200, "{\"state\": \"RUNNING\", \"note\": \"step " + polls.get() + "\"}")
                        : TestServer.Reply.json(200, "{\"state\": \"DONE\", \"result\": {\"rows\": 7}}");
            }
            return TestServer.Reply.status(404);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void submitsOncePollsUntilDoneAndReadsOutputs() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "report", "version": "v1"},
                 "type": "http-job",
                 "interface": {"inputs": {"day": {"type": "string"}}, "outputs": {"rows": {"type": "integer"}}},
                 "config": {"submit": {"url": "%s", "body": {"day": "{{.inputs.day}}"}},
                            "job": {"id": "/id", "url": "header:Location"},
                            "status": {"url": "%s", "pointer": "/state", "done": ["DONE"], "failed": ["FAILED"],
                                       "message": "/note"},
                            "outputs": {"rows": "/result/rows"}}}
                """.formatted(p, server.url("/jobs"), server.url("/jobs/{{.job.id}}")));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "report"}, "inputs": {"day": "2024-01-02"}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), e.prettify());
        assertEquals(7, e.getInt("outputs.rows"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("j-1", e.getString("attempts[0].handle.id"));
        assertEquals(server.url("/jobs/j-1"), e.getString("attempts[0].handle.url"));

        List<TestServer.Received> submits = server.received(r -> r.method().equals("POST"));
        assertEquals(1, submits.size());
        assertEquals("kite-" + id.replace("-", ""), submits.get(0).header("Idempotency-Key"));
        assertEquals("{\"day\":\"2024-01-02\"}", submits.get(0).body());
        assertEquals(3, server.received(r -> r.method().equals("GET")).size());
    }
}
