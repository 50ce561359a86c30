package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * PostgreSQL restarts, with an outage of a few seconds, while 50 executions run: Kite's writes are
 * retried in place, every execution succeeds, no job is submitted twice and no attempt is spent
 * on the outage.
 */
class PostgresRestartIT {

    private static final int EXECUTIONS = 50;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    final KiteFixture fixture = KiteFixture.privatePostgres("pg");

    @Test
    void everyExecutionCompletesOnceAcrossARestart() {
        JobServer jobs = fixture.jobs();
        KiteProcess kite = fixture.start(KiteProcess.newNodeId("pg"));
        String project = kite.project();
        kite.registerJobTask(project, "job", "{\"retries\": 0}", "{\"durationMs\": 3000}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            ids.add(kite.submit(project, "job", i));
        }
        // restart while executions are being submitted, polled and finished
        Poll.until(WAIT, "half of the jobs to be submitted", () -> jobs.names().size() >= EXECUTIONS / 2);
        Instant down = Instant.now();
        fixture.postgres().restart(Duration.ofSeconds(3));
        Instant up = Instant.now();

        for (String id : ids) {
            JsonNode e = kite.awaitEnd(id, WAIT);
            assertEquals("SUCCEEDED", e.get("phase").asText(), e.toString());
            assertEquals(1, e.get("attempts").size(), "the outage cost no attempt: " + e);
            assertEquals(e.at("/inputs/n").asInt(), e.at("/outputs/n").asInt());
            String name = e.at("/attempts/0/name").asText();
            assertEquals(1, jobs.submissions(name), "job " + name + " submitted once");
        }
        assertEquals(EXECUTIONS, jobs.jobs());
        long endedWhileDown = jobs.all().stream()
                .filter(j -> j.plannedEnd().isAfter(down) && j.plannedEnd().isBefore(up)).count();
        assertTrue(endedWhileDown > 0, "jobs ended during the outage (" + down + " to " + up + "), so Kite had "
                + "results to write while PostgreSQL was down");
    }
}
