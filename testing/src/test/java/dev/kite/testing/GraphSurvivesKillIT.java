package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Kite process killed with {@code kill -9} in the middle of a dynamic task's 200-element map:
 * restarted, it resumes the graph from its stored state and the children written so far, and
 * completes it; every element's job ran once at the job server, no element was written twice.
 */
class GraphSurvivesKillIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("graph");

    private KiteProcess kite;

    @Test
    void aKilledProcessResumesItsGraphAndRunsEveryNodeOnce() {
        JobServer jobs = fixture.jobs();
        String node = KiteProcess.newNodeId("graph");
        kite = fixture.start(node);
        String p = kite.project();
        kite.registerJobTask(p, "job", "{\"retries\": 0}", "{}");
        String values = LongStream.range(0, 200).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
        KiteProcess.Reply r = kite.post("/api/v1/executions", """
                {"task": {"project": "kite-testing", "domain": "development", "name": "fan-out"},
                 "inputs": {"project": "%s", "task": "job", "values": %s}}""".formatted(p, values));
        assertEquals(202, r.status(), String.valueOf(r.body()));
        String id = r.body().get("id").asText();

        Poll.until(WAIT, "the first elements to be submitted", () -> jobs.jobs() >= 40 ? true : null);
        jobs.succeedAll(); // the first elements end; the next are written and submitted
        Poll.until(WAIT, "the graph to be half-way", () -> jobs.jobs() >= 100 ? true : null);
        kite.kill();
        int before = jobs.jobs();

        jobs.succeedNewJobsAtOnce(true);
        jobs.succeedAll();
        kite = fixture.start(node);
        JsonNode e = kite.awaitEnd(id, WAIT);
        assertEquals("SUCCEEDED", e.get("phase").asText(), e.toString());
        assertEquals(LongStream.range(0, 200).sum(), e.path("outputs").path("total").asLong());

        List<JsonNode> children = nodes(id);
        assertEquals(201, children.size(), "200 elements and the sum, each written once");
        Set<String> keys = new HashSet<>();
        Set<String> attempts = new HashSet<>();
        for (JsonNode c : children) {
            assertEquals("SUCCEEDED", c.get("phase").asText(), c.toString());
            assertEquals(id, c.get("parent").asText());
            keys.add(c.get("node").asText());
            if (!c.get("node").asText().equals("sum")) {
                // an attempt caught submitting by the kill is retried as any execution's is: one job per attempt
                c.get("attempts").forEach(a -> attempts.add(a.get("name").asText()));
            }
        }
        assertEquals(201, keys.size());
        assertEquals(attempts, Set.copyOf(jobs.names()), "the job server ran the attempts of the elements, nothing else ("
                + before + " jobs before the kill)");
        assertEquals(attempts.size(), jobs.jobs());
        assertTrue(attempts.size() < 200 + 64, "only attempts in flight at the kill may have a second one: " + attempts.size());
    }

    private List<JsonNode> nodes(String id) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = kite.get("/api/v1/executions/" + id + "/nodes?limit=100" + (cursor.isEmpty() ? "" : "&cursor=" + cursor)).body();
            page.get("items").forEach(all::add);
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        }
        return all;
    }
}
