package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one table of allowed transitions, and {@link Run#moveTo} enforcing it. */
class PhaseTableTest {

    @Test
    void terminalPhasesGoNowhere() {
        for (Phase p : Phase.values()) {
            assertEquals(p.isTerminal(), p.next().isEmpty(), p.name());
        }
    }

    @Test
    void anOpenExecutionMayEndInEveryTerminalPhase() {
        EnumSet<Phase> ends = EnumSet.of(Phase.SUCCEEDED, Phase.FAILED, Phase.TIMED_OUT, Phase.ABORTED);
        for (Phase open : EnumSet.of(Phase.QUEUED, Phase.WAITING_FOR_CACHE, Phase.RUNNING)) {
            assertTrue(open.next().containsAll(ends), open.name());
        }
    }

    @Test
    void nothingGoesBackToQueuedOrToWaitingOnceRunning() {
        for (Phase p : Phase.values()) {
            assertFalse(p.allows(Phase.QUEUED), p.name());
        }
        assertFalse(Phase.RUNNING.allows(Phase.WAITING_FOR_CACHE));
        assertTrue(Phase.RUNNING.allows(Phase.RUNNING), "the next attempt is RUNNING again");
    }

    @Test
    void anIllegalTransitionFailsLoudly() {
        Floor floor = new Floor();
        Run run = new Run(UUID.randomUUID(), floor.task("{}"), JsonNodeFactory.instance.objectNode(), Instant.EPOCH, 1,
                false, null, Instant.EPOCH, Phase.QUEUED);
        run.moveTo(Phase.RUNNING);
        run.moveTo(Phase.SUCCEEDED);
        Phase.IllegalTransitionException e = assertThrows(Phase.IllegalTransitionException.class, () -> run.moveTo(Phase.RUNNING));
        assertTrue(e.getMessage().contains("SUCCEEDED → RUNNING"), e.getMessage());
        assertEquals(Phase.SUCCEEDED, run.phase(), "a refused transition changes nothing");
    }
}
