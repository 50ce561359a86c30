package dev.kite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a terminal receives from {@code kite watch}'s status line: each event line printed over the
 * cleared status, the status redrawn below it with the phase, the attempt and the time since the
 * execution was submitted, and cleared at the end so that the outputs print where it was.
 */
class ProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-01T11:27:30Z");

    @Test
    void theStatusFollowsTheEventsBelowTheirLinesAndIsClearedAtTheEnd() throws Exception {
        StringWriter terminal = new StringWriter();
        AtomicLong now = new AtomicLong(T0.toEpochMilli());
        Progress p = new Progress(new PrintWriter(terminal), now::get, false);
        p.event(event("QUEUED", null, 0), "queued line");
        assertEquals("queued line" + System.lineSeparator() + Progress.CLEAR + "▸ QUEUED  0 s", terminal.toString());

        now.set(T0.plusSeconds(75).toEpochMilli());
        p.event(event("RETRY_SCHEDULED", 1, 70), "retry line");
        p.event(event("RUNNING", 2, 74), "running line");
        String shown = terminal.toString();
        // each new line goes over the status drawn before it, then the status again
        assertTrue(shown.endsWith(Progress.CLEAR + "running line" + System.lineSeparator() + Progress.CLEAR
                + "▸ RUNNING  attempt 2  1 min 15 s"), shown);

        p.close();
        assertTrue(terminal.toString().endsWith("1 min 15 s" + Progress.CLEAR), terminal.toString());
        int before = terminal.toString().length();
        p.close();
        assertEquals(before, terminal.toString().length(), "a second close writes nothing");
    }

    private static JsonNode event(String phase, Integer attempt, int second) throws Exception {
        return Output.JSON.readTree("{\"at\":\"" + T0.plusSeconds(second) + "\",\"phase\":\"" + phase + "\""
                + (attempt == null ? "" : ",\"attempt\":" + attempt) + "}");
    }
}
