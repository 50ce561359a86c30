package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two Kite processes share one database: 200 executions submitted to both run exactly once each,
 * and when one process is killed with work in flight, the other takes its executions over.
 */
class TwoProcessesShareWorkIT {

    private static final int EXECUTIONS = 200;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.sharedPostgres("share");

    private KiteProcess a;
    private KiteProcess b;

    @BeforeEach
    void start() {
        List<KiteProcess> both = fixture.startAll(Map.of(), KiteProcess.newNodeId("share-a"), KiteProcess.newNodeId("share-b"));
        a = both.get(0);
        b = both.get(1);
    }

    @Test
    void survivorTakesOverAndEveryJobRunsOnce() {
        JobServer jobs = fixture.jobs();
        String project = a.project();
        a.registerJobTask(project, "job", "{\"retries\": 0}", "{}");
        List<String> ids = new ArrayList<>();
        Map<String, String> submittedTo = new HashMap<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            KiteProcess to = i % 2 == 0 ? a : b;
            String id = to.submit(project, "job", i);
            ids.add(id);
            submittedTo.put(id, to.nodeId());
        }

        // every attempt's handle is persisted: from here on, a takeover must re-attach, never resubmit
        Map<String, String> names = Poll.until(WAIT, "all " + EXECUTIONS + " jobs to be submitted", () -> {
            Map<String, String> found = new HashMap<>();
            for (JsonNode e : list(b, project)) {
                JsonNode attempt = e.at("/attempts/0");
                if (attempt.hasNonNull("handle")) {
                    found.put(e.get("id").asText(), attempt.get("name").asText());
                }
            }
            return found.size() == EXECUTIONS ? found : null;
        });
        for (String id : ids) {
            assertEquals(submittedTo.get(id), b.execution(id).get("owner").asText(), "runs where it was submitted");
        }
        // half of the jobs end before the kill, on both processes; kill a once some of its executions ended
        for (int i = 0; i < EXECUTIONS; i += 4) {
            jobs.succeed(names.get(ids.get(i)));
            jobs.succeed(names.get(ids.get(i + 1)));
        }
        Poll.until(WAIT, "some executions to end on " + a.nodeId(), () -> list(b, project).stream()
                .filter(e -> a.nodeId().equals(e.get("owner").asText()) && KiteProcess.isEnded(e)).count() >= 10);

        a.kill();
        Set<String> endedOnA = new HashSet<>();
        Set<String> openOnA = new HashSet<>();
        for (JsonNode e : list(b, project)) {
            String id = e.get("id").asText();
            if (submittedTo.get(id).equals(a.nodeId())) {
                (KiteProcess.isEnded(e) ? endedOnA : openOnA).add(id);
            }
        }
        assertFalse(openOnA.isEmpty(), "the killed process had work in flight");
        jobs.succeedAll();

        Poll.until(WAIT, "all executions to succeed", () -> list(b, project).stream()
                .allMatch(e -> "SUCCEEDED".equals(e.get("phase").asText())));
        for (JsonNode e : list(b, project)) {
            String id = e.get("id").asText();
            assertEquals(1, e.get("attempts").size(), id);
            assertEquals(e.at("/inputs/n").asInt(), e.at("/outputs/n").asInt(), "outputs of " + id);
            if (openOnA.contains(id)) {
                assertEquals(b.nodeId(), e.get("owner").asText(), "the survivor took " + id + " over");
            } else if (endedOnA.contains(id)) {
                assertEquals(a.nodeId(), e.get("owner").asText(), id + " ended before the kill");
            }
        }
        for (String name : names.values()) {
            assertEquals(1, jobs.submissions(name), "job " + name + " submitted once");
        }
        assertEquals(EXECUTIONS, jobs.jobs(), "one job per execution, no more");
    }

    private static List<JsonNode> list(KiteProcess kite, String project) {
        JsonNode page = kite.get("/api/v1/executions?project=" + project + "&limit=1000").body();
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        assertEquals(EXECUTIONS, items.size());
        return items;
    }
}
