package dev.kite.plugin.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.MemoryRetry;

/** Every state of the Spark operator, mapped to an attempt's phase and error kind. */
class SparkStatesTest {

    static final MemoryRetry MEMORY = new MemoryRetry(1.5, 4L << 30);

    static GenericKubernetesResource app(String state, String error, String memory) {
        GenericKubernetesResource app = new GenericKubernetesResource();
        ObjectMeta meta = new ObjectMeta();
        meta.setName("kite-x-0");
        if (memory != null) {
            meta.setAnnotations(Map.of(MemoryRetry.ANNOTATION, memory));
        }
        app.setMetadata(meta);
        if (state != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("state", state);
            if (error != null) {
                s.put("errorMessage", error);
            }
            app.setAdditionalProperty("status", Map.of("applicationState", s, "sparkApplicationId", "spark-123",
                    "driverInfo", Map.of("webUIAddress", "10.0.0.7:4040")));
        }
        return app;
    }

    static TaskStatus classify(String state, String error) {
        return SparkStates.classify(app(state, error, "1g"), MEMORY, null);
    }

    @Test
    void noStatusOrSubmittedIsQueuedWithTheOperatorsMessageAtOnce() {
        assertEquals(TaskStatus.Phase.QUEUED, SparkStates.classify(app(null, null, null), MEMORY, null).phase());
        assertEquals(TaskStatus.Phase.QUEUED, classify("", null).phase());
        TaskStatus s = classify("SUBMITTED", "pods \"x-driver\" is forbidden: exceeded quota");
        assertEquals(TaskStatus.Phase.QUEUED, s.phase());
        assertEquals("submitted: pods \"x-driver\" is forbidden: exceeded quota", s.message());
    }

    @Test
    void theOperatorsBusyStatesAreRunningWithTheDriverUi() {
        for (String state : new String[] {"RUNNING", "SUCCEEDING", "FAILING", "PENDING_RERUN", "INVALIDATING", "UNKNOWN"}) {
            TaskStatus s = classify(state, null);
            assertEquals(TaskStatus.Phase.RUNNING, s.phase(), state);
            assertTrue(s.message().contains("driver UI: http://10.0.0.7:4040"), s.message());
        }
    }

    @Test
    void completedSucceeds() {
        assertEquals(TaskStatus.Phase.SUCCEEDED, classify("COMPLETED", null).phase());
    }

    @Test
    void aSubmissionFailureIsASystemErrorWithTheReason() {
        TaskStatus s = classify("SUBMISSION_FAILED", "failed to run spark-submit: exit status 1");
        assertEquals(ErrorKind.SYSTEM, s.error().kind());
        assertTrue(s.error().recoverable());
        assertEquals("SUBMISSION_FAILED", s.error().code());
        assertTrue(s.error().message().endsWith(": failed to run spark-submit: exit status 1"));
    }

    @Test
    void aFailedDriverIsClassifiedByWhatKilledIt() {
        TaskStatus oom = classify("FAILED", "driver container failed with ExitCode: 137, Reason: OOMKilled");
        assertEquals(ErrorKind.SYSTEM, oom.error().kind());
        assertEquals("OOM_KILLED", oom.error().code());
        assertTrue(oom.error().recoverable());
        TaskStatus evicted = classify("FAILED", "driver pod failed: Evicted: The node was low on resource: memory");
        assertEquals("EVICTED", evicted.error().code());
        assertEquals(ErrorKind.SYSTEM, evicted.error().kind());
        TaskStatus lost = classify("FAILED", "driver pod was deleted: node lost");
        assertEquals("NODE_LOST", lost.error().code());
        assertEquals(ErrorKind.SYSTEM, lost.error().kind());
        TaskStatus user = classify("FAILED", "driver container failed with ExitCode: 1, Reason: Error");
        assertEquals("EXIT_CODE", user.error().code());
        assertEquals(ErrorKind.USER, user.error().kind());
        assertFalse(user.error().recoverable(), "a user's failure burns no retry unless the job says so");
        TaskStatus unknown = classify("FAILED", null);
        assertEquals(ErrorKind.SYSTEM, unknown.error().kind());
        assertEquals("SPARK_FAILED", unknown.error().code());
    }

    @Test
    void anOomKillAtTheCapIsNotRetried() {
        TaskStatus s = SparkStates.classify(app("FAILED", "Reason: OOMKilled", "4096m"), MEMORY, null);
        assertEquals(ErrorKind.USER, s.error().kind());
        assertFalse(s.error().recoverable());
    }

    @Test
    void theHistoryServerLinksTheEndedApplication() {
        assertEquals("https://history.example/history/spark-123",
                SparkStates.history(app("COMPLETED", null, null), "https://history.example/").orElseThrow());
        assertTrue(SparkStates.history(app("COMPLETED", null, null), null).isEmpty());
    }
}
