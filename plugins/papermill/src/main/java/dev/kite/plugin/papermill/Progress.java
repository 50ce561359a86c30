package dev.kite.plugin.papermill;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The running message of a notebook attempt from the executor's {@code progress.json} (written as
 * each cell starts; in a pod, uploaded to the attempt's raw output location):
 * {@code running cell 4 of 9 (code cell 3 of 6) for 2 s; 14 s in all}, counted as the notebook is
 * written (the injected cell left out). The same words in both modes.
 */
final class Progress {

    /** Before the first cell starts. */
    static final String STARTING = "starting the kernel";

    private Progress() {
    }

    /**
     * @param p        the executor's progress record
     * @param injected where the injected-parameters cell is, -1 for none (the record's own, when it has one)
     */
    static String describe(JsonNode p, int injected, Instant now) {
        int inj = p.path("injected").isInt() ? p.get("injected").intValue() : injected;
        long at = now.toEpochMilli();
        long cell = at - (long) (p.path("cellStartedAt").asDouble() * 1000);
        long all = at - (long) (p.path("executionStartedAt").asDouble() * 1000);
        int index = p.path("index").asInt();
        int less = inj >= 0 ? 1 : 0;
        String which;
        if (index == inj) {
            which = "the injected-parameters cell";
        } else {
            int code = p.path("code").asInt(0) - (inj >= 0 && index > inj ? 1 : 0);
            which = "cell " + (Outcome.asWritten(index, inj) + 1) + " of " + (p.path("cells").asInt() - less)
                    + (p.path("code").isInt() ? " (code cell " + code + " of " + (p.path("codeCells").asInt() - less) + ")" : "");
        }
        return "running " + which + " for " + Duration.ofMillis(Math.max(0, cell)).toSeconds() + " s; "
                + Duration.ofMillis(Math.max(0, all)).toSeconds() + " s in all";
    }
}
