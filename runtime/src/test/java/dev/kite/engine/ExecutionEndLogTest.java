package dev.kite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * One INFO line per execution end, with the execution's MDC (its last attempt's number), that
 * {@code kite.observability.execution-end-log=false} turns off; no key is left on the thread.
 */
class ExecutionEndLogTest {

    private final List<ExtLogRecord> records = new ArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll();
            synchronized (records) {
                records.add(record);
            }
        }
    };

    @BeforeEach
    void attach() {
        LogContext.getLogContext().getLogger("dev.kite.engine").addHandler(capture);
    }

    @AfterEach
    void detach() {
        LogContext.getLogContext().getLogger("dev.kite.engine").removeHandler(capture);
    }

    private List<ExtLogRecord> ends(UUID id) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLoggerName().equals(ExecutionLog.class.getName())
                    && r.getFormattedMessage().contains(id.toString())).toList();
        }
    }

    private static UUID retried(Floor floor) {
        UUID id = floor.submit(floor.task("p", "remote", "{\"retries\": 1}"), 1);
        floor.remote.status.put(floor.attempts(id).get(0).path("name").asText(),
                TaskStatus.failed(TaskError.userRecoverable("JOB", "job failed")));
        floor.advance(300);
        floor.remote.status.put(floor.attempts(id).get(1).path("name").asText(), TaskStatus.succeeded(TestPlugins.out(1)));
        floor.advance(1_000);
        assertEquals("SUCCEEDED", floor.phase(id));
        return id;
    }

    @Test
    void oneLinePerEndWithTheExecutionsMdc() {
        UUID id = retried(new Floor());
        List<ExtLogRecord> ends = ends(id);
        assertEquals(1, ends.size());
        ExtLogRecord end = ends.get(0);
        assertEquals(org.jboss.logmanager.Level.INFO, end.getLevel());
        assertTrue(end.getFormattedMessage().matches("execution " + id + " p/development/t/v1 ended SUCCEEDED in \\d+ ms after 2 attempts"
                + " \\(cache DISABLED\\)"), end.getFormattedMessage());
        assertEquals(id.toString(), end.getMdc(ExecutionMdc.EXECUTION));
        assertEquals("p/development/t/v1", end.getMdc(ExecutionMdc.TASK));
        assertEquals("1", end.getMdc(ExecutionMdc.ATTEMPT));
        assertEquals(null, org.jboss.logging.MDC.get(ExecutionMdc.EXECUTION), "nothing left on the thread");
    }

    @Test
    void theEndLineCanBeTurnedOff() {
        UUID id = retried(new Floor(Map.of("kite.observability.execution-end-log", "false")));
        assertEquals(List.of(), ends(id));
    }
}
