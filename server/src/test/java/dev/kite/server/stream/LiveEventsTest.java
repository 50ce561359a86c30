package dev.kite.server.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.kite.server.Api;
import dev.kite.server.security.Auth;

/**
 * The live events of an execution over Server-Sent Events: every event once, in order, ids that
 * are positions in the event list, the end with the execution; a reconnect with
 * {@code Last-Event-ID} loses and repeats nothing.
 */
@QuarkusTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFollowerReceivesEveryEventInOrderThenTheEnd() throws Exception {
        String p = Api.project();
        Api.scripted(p, "flaky", "{\"retries\": 3}");
        String id = Api.runScript(p, "flaky", "user", "user", "ok");
        List<SseClient.Sse> got;
        try (SseClient sse = SseClient.open("/api/v1/executions/" + id + "/events?follow=true")) {
            assertEquals(200, sse.status());
            assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
            got = sse.rest();
        }
        SseClient.Sse end = got.get(got.size() - 1);
        assertEquals("end", end.event());
        List<SseClient.Sse> events = got.subList(0, got.size() - 1);
        JsonNode stored = JSON.readTree(given().get("/api/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        // a client that accepts both (as generated clients do) gets JSON unless it asks to follow
        given().accept("application/json, text/event-stream").get("/api/v1/executions/" + id + "/events").then().statusCode(200)
                .contentType("application/json");
        assertEquals(stored.size(), events.size(), "every stored event, once");
        for (int i = 0; i < events.size(); i++) {
            assertEquals("event", events.get(i).event());
            assertEquals(String.valueOf(i + 1), events.get(i).id());
            assertEquals(stored.get(i), JSON.readTree(events.get(i).data()));
        }
        JsonNode execution = JSON.readTree(end.data());
        JsonNode read = JSON.readTree(given().get("/api/v1/executions/" + id).then().statusCode(200).extract().asString());
        assertEquals(read, execution);
        assertEquals("SUCCEEDED", execution.get("phase").asText());
        assertEquals(3, execution.get("attempts").size(), "the retries are in the stream's end");
        assertEquals(2, execution.get("outputs").get("attempt").asInt());
    }

    @Test
    void aReconnectWithLastEventIdLosesAndRepeatsNothing() throws Exception {
        String p = Api.project();
        Api.scripted(p, "hangs", "{\"retries\": 3}");
        String id = Api.runScript(p, "hangs", "user", "hang");
        List<SseClient.Sse> first;
        try (SseClient sse = SseClient.open("/api/v1/executions/" + id + "/events?follow=true")) {
            // live: up to the start of the second attempt, which hangs until aborted
            first = sse.until(e -> e.data().contains("\"RUNNING\"") && e.data().contains("\"attempt\":1"));
        }
        assertTrue(first.size() >= 3, first.toString());
        String last = first.get(first.size() - 1).id();
        given().contentType(ContentType.JSON).post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        List<SseClient.Sse> second;
        try (SseClient sse = SseClient.open("/api/v1/executions/" + id + "/events?follow=true", "Last-Event-ID", last)) {
            second = sse.rest();
        }
        List<SseClient.Sse> all = new ArrayList<>(first);
        all.addAll(second.subList(0, second.size() - 1));
        JsonNode stored = JSON.readTree(given().get("/api/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        assertEquals(stored.size(), all.size(), "no event lost or repeated: " + all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(String.valueOf(i + 1), all.get(i).id());
            assertEquals(stored.get(i), JSON.readTree(all.get(i).data()));
        }
        SseClient.Sse end = second.get(second.size() - 1);
        assertEquals("end", end.event());
        assertNull(end.id());
        assertEquals("ABORTED", JSON.readTree(end.data()).get("phase").asText());
    }

    @Test
    void anIdleStreamGetsKeepAlivesThatChangeNothingOfTheResume() throws Exception {
        String p = Api.project();
        Api.scripted(p, "hangs", "{\"retries\": 3}");
        String id = Api.runScript(p, "hangs", "user", "hang");
        List<String> lines = new ArrayList<>();
        String last = null;
        int idleComments = 0;
        // live, raw: the events up to the start of the second attempt, then the stream is idle (it hangs)
        try (SseClient sse = SseClient.open("/api/v1/executions/" + id + "/events?follow=true")) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(sse.response.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
            boolean running = false;
            String line;
            while (idleComments < 2 && (line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("id:")) {
                    last = line.substring(3).strip();
                    idleComments = 0;
                } else if (line.startsWith("data:") && line.contains("\"RUNNING\"") && line.contains("\"attempt\":1")) {
                    running = true;
                } else if (line.equals(": keep-alive") && running) {
                    idleComments++;
                }
            }
        }
        assertEquals(2, idleComments, "an idle stream gets keep-alive comments: " + lines);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(":")) {
                assertEquals("", lines.get(i + 1), "a keep-alive is a comment alone, without id or data: " + lines);
            }
        }
        given().contentType(ContentType.JSON).post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        List<SseClient.Sse> second;
        try (SseClient sse = SseClient.open("/api/v1/executions/" + id + "/events?follow=true", "Last-Event-ID", last)) {
            second = sse.rest();
        }
        JsonNode stored = JSON.readTree(given().get("/api/v1/executions/" + id + "/events").then().statusCode(200).extract().asString());
        int resumed = Integer.parseInt(last);
        assertEquals(stored.size() - resumed, second.size() - 1, "after the keep-alives, the resume starts after the last event: " + second);
        for (int i = 0; i < second.size() - 1; i++) {
            assertEquals(String.valueOf(resumed + i + 1), second.get(i).id());
            assertEquals(stored.get(resumed + i), JSON.readTree(second.get(i).data()));
        }
        assertEquals("end", second.get(second.size() - 1).event());
        // a project's watch, with nothing happening in the project, gets them too
        try (SseClient sse = SseClient.open("/api/v1/executions/stream?project=" + Api.project())) {
            assertEquals(200, sse.status());
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(sse.response.body(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            assertEquals(": keep-alive", first);
        }
    }

    @Test
    void aProjectWatchSeesEachPhaseChange() throws Exception {
        String p = Api.project();
        Api.scripted(p, "quick", "{\"retries\": 3}");
        try (SseClient sse = SseClient.open("/api/v1/executions/stream?project=" + p)) {
            assertEquals(200, sse.status());
            String id = Api.runScript(p, "quick", "user", "ok");
            List<SseClient.Sse> seen = sse.until(e -> e.data().contains(id) && e.data().contains("\"SUCCEEDED\""));
            SseClient.Sse done = seen.get(seen.size() - 1);
            assertEquals("execution", done.event());
            JsonNode row = JSON.readTree(done.data());
            assertEquals(id, row.get("id").asText());
            assertEquals(2, row.get("attempts").size());
            for (SseClient.Sse e : seen) {
                assertEquals(p, JSON.readTree(e.data()).get("task").get("project").asText());
            }
        }
    }

    @Test
    void aBurstArrivesInOrderEachChangeOnceAndADomainWatchSeesOnlyItsDomain() throws Exception {
        String p = Api.project();
        Api.scripted(p, "quick", "{}");
        Api.register("""
                {"id": {"project": "%s", "domain": "staging", "name": "quick", "version": "v1"},
                 "type": "scripted",
                 "interface": {"inputs": {"script": {"type": {"collection": "string"}}},
                               "outputs": {"attempt": {"type": "integer"}}}}
                """.formatted(p));
        try (SseClient all = SseClient.open("/api/v1/executions/stream?project=" + p);
                SseClient development = SseClient.open("/api/v1/executions/stream?project=" + p + "&domain=development")) {
            // staging's execution ends before development's start: were it sent to the domain's watch, it would come first
            String staging = Api.submit("""
                    {"task": {"project": "%s", "domain": "staging", "name": "quick"}, "inputs": {"script": ["ok"]}}
                    """.formatted(p));
            Api.await(staging);
            java.util.Set<String> burst = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                burst.add(Api.runScript(p, "quick", "ok"));
            }
            java.util.Set<String> everyone = new java.util.HashSet<>(burst);
            everyone.add(staging);
            assertEachEndsInOrder(all, everyone);
            List<SseClient.Sse> seen = assertEachEndsInOrder(development, burst);
            for (SseClient.Sse e : seen) {
                assertEquals("development", JSON.readTree(e.data()).get("task").get("domain").asText(), e.data());
            }
        }
    }

    /**
     * Reads {@code watch} until each of {@code ids} is SUCCEEDED, checking that no execution goes
     * back to an earlier phase or is sent again after its end; returns the events read.
     */
    private static List<SseClient.Sse> assertEachEndsInOrder(SseClient watch, java.util.Set<String> ids) throws Exception {
        List<String> order = List.of("QUEUED", "RUNNING", "SUCCEEDED");
        java.util.Map<String, Integer> last = new java.util.HashMap<>();
        java.util.Set<String> open = new java.util.HashSet<>(ids);
        List<SseClient.Sse> seen = watch.until(e -> {
            JsonNode row = readTree(e.data());
            String id = row.get("id").asText();
            int phase = order.indexOf(row.get("phase").asText());
            Integer before = last.put(id, phase);
            assertTrue(before == null || (before < phase && before < 2), "execution " + id + " went from "
                    + (before == null ? "" : order.get(before)) + " to " + row.get("phase").asText());
            if (phase == 2) {
                open.remove(id);
            }
            return open.isEmpty();
        });
        assertTrue(open.isEmpty(), "the stream ended before these ended: " + open);
        assertTrue(seen.stream().allMatch(e -> "execution".equals(e.event())));
        return seen;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void streamsNeedCredentialsAndValidRequests() throws Exception {
        String p = Api.project();
        Api.scripted(p, "quick", "{}");
        String id = Api.runScript(p, "quick", "ok");
        given().noFiltersOfType(dev.kite.server.security.BootstrapKey.class).get("/api/v1/executions/" + id + "/events?follow=true")
                .then().statusCode(401).contentType("application/problem+json");
        given().noFiltersOfType(dev.kite.server.security.BootstrapKey.class).get("/api/v1/executions/stream?project=" + p)
                .then().statusCode(401);
        given().get("/api/v1/executions/stream").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("project"));
        String other = Api.project();
        String viewerElsewhere = Auth.key("watcher-" + other, other + ":viewer");
        Auth.as(viewerElsewhere).get("/api/v1/executions/" + id + "/events?follow=true").then().statusCode(404)
                .contentType("application/problem+json");
        Auth.as(viewerElsewhere).get("/api/v1/executions/stream?project=" + p).then().statusCode(404);
        given().get("/api/v1/executions/00000000-0000-0000-0000-000000000000/events?follow=true").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Last-Event-ID", "x").get("/api/v1/executions/" + id + "/events?follow=true").then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("Last-Event-ID"));
    }

    @Test
    void submitAndWaitAnswersTheFinishedExecution() {
        String p = Api.project();
        Api.scripted(p, "quick", "{\"retries\": 2}");
        Api.scripted(p, "hangs", "{}");
        given().contentType(ContentType.JSON).body("""
                {"task": {"project": "%s", "domain": "development", "name": "quick"}, "inputs": {"script": ["user", "ok"]}}
                """.formatted(p)).post("/api/v1/executions?wait=30s")
                .then().statusCode(200).body("phase", org.hamcrest.Matchers.equalTo("SUCCEEDED"), "outputs.attempt",
                        org.hamcrest.Matchers.equalTo(1));
        String id = given().contentType(ContentType.JSON).body("""
                {"task": {"project": "%s", "domain": "development", "name": "hangs"}, "inputs": {"script": ["hang"]}}
                """.formatted(p)).post("/api/v1/executions?wait=0.3")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/executions/" + given().get(
                        "/api/v1/executions?project=" + p + "&name=hangs").then().extract().path("items[0].id")))
                .extract().path("id");
        given().contentType(ContentType.JSON).post("/api/v1/executions/" + id + "/abort").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/executions?wait=soon").then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.equalTo("wait"));
    }
}
