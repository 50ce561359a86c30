package dev.kite.plugin.container;

import static dev.kite.plugin.container.Pods.classify;
import static dev.kite.plugin.container.Pods.pod;
import static dev.kite.plugin.container.Pods.terminated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskStatus.Phase;

/** A succeeded pod's outputs are its termination message: {"outputs": {...}} or {"error": {...}}, under 4096 bytes. */
class TerminationMessageTest {

    private static TaskStatus succeeded(String message) {
        return classify(pod(Duration.ofMinutes(1), "Succeeded", terminated(0, "Completed", message)));
    }

    @Test
    void noMessageMeansNoOutputs() {
        for (String m : new String[] {null, "", " \n"}) {
            TaskStatus s = succeeded(m);
            assertEquals(Phase.SUCCEEDED, s.phase());
            assertEquals("{}", s.outputs().toString());
        }
        // a succeeded pod whose container status is gone
        assertEquals(Phase.SUCCEEDED, classify(pod(Duration.ofMinutes(1), "Succeeded")).phase());
    }

    @Test
    void outputsAreReadAsWritten() {
        TaskStatus s = succeeded("{\"outputs\": {\"greeting\": \"Hello Ada\", \"n\": 3, \"report\": {\"uri\": \"s3://b/r.csv\"}}}\n");
        assertEquals(Phase.SUCCEEDED, s.phase());
        assertEquals("{\"greeting\":\"Hello Ada\",\"n\":3,\"report\":{\"uri\":\"s3://b/r.csv\"}}", s.outputs().toString());
    }

    @Test
    void aDeclaredErrorFailsTheAttemptAsDeclared() {
        assertEquals(new TaskError(ErrorKind.USER, false, "CONTAINER_ERROR", "no such customer 42"),
                succeeded("{\"error\": {\"message\": \"no such customer 42\", \"recoverable\": false}}").error());
        assertEquals(new TaskError(ErrorKind.USER, true, "CONTAINER_ERROR", "upstream busy"),
                succeeded("{\"error\": {\"message\": \"upstream busy\"}}").error());
        assertEquals(new TaskError(ErrorKind.USER, true, "CONTAINER_ERROR", "the container reported an error"),
                succeeded("{\"error\": {}}").error());
    }

    @Test
    void anyOtherMessageIsBadOutputsQuotingItsStart() {
        String[] bad = {"Hello Ada", "{\"greeting\": \"Hello Ada\"}", "{\"outputs\": [1]}", "{\"outputs\": {}, \"extra\": 1}",
            "{\"outputs\": {}} trailing", "{\"error\": {\"message\": 3}}", "{\"error\": {\"message\": \"x\", \"recoverable\": \"no\"}}",
            "{\"error\": {\"msg\": \"x\"}}", "[]"};
        for (String m : bad) {
            TaskError e = succeeded(m).error();
            assertEquals("BAD_OUTPUTS", e.code(), m);
            assertEquals(ErrorKind.USER, e.kind());
            assertEquals(false, e.recoverable());
            assertEquals("the termination message (/dev/termination-log) must be {\"outputs\": {...}} or {\"error\":"
                    + " {\"message\": ..., \"recoverable\": ...}}, got: " + m, e.message());
        }
        TaskError e = succeeded("x".repeat(300)).error();
        assertTrue(e.message().endsWith("got: " + "x".repeat(200) + "..."), e.message());
    }

    @Test
    void aMessageOf4096BytesMayHaveBeenCutAndFails() {
        String prefix = "{\"outputs\": {\"s\": \"";
        String suffix = "\"}}";
        String fits = prefix + "a".repeat(4095 - prefix.length() - suffix.length()) + suffix;
        assertEquals(4095, fits.length());
        assertEquals(Phase.SUCCEEDED, succeeded(fits).phase());

        String full = prefix + "a".repeat(4096 - prefix.length() - suffix.length()) + suffix;
        TaskError e = succeeded(full).error();
        assertEquals(new TaskError(ErrorKind.USER, false, "OUTPUTS_TOO_LARGE", "the outputs written to /dev/termination-log"
                + " are 4096 bytes or more: Kubernetes keeps at most 4096 bytes of a termination message, so they may have"
                + " been cut; write large outputs to blob storage and return {\"uri\": ...} values of a blob type"), e);

        // bytes, not characters: 2,040 two-byte characters and the braces are over 4,096 bytes
        String wide = prefix + "é".repeat(2040) + suffix;
        assertTrue(wide.length() < 4096);
        assertEquals("OUTPUTS_TOO_LARGE", succeeded(wide).error().code());
    }

    @Test
    void theTaskContainerIsReadNotASidecar() {
        TaskStatus s = classify(pod(Duration.ofMinutes(1), "Succeeded",
                new ContainerStatusBuilder().withName("proxy").withNewState().withNewTerminated().withExitCode(0)
                        .withMessage("proxy says bye").endTerminated().endState().build(),
                terminated(0, "Completed", "{\"outputs\": {\"x\": 1}}")));
        assertEquals("{\"x\":1}", s.outputs().toString());
    }

    @Test
    void aTaskContainerDoneBesideARunningSidecarEndsTheAttempt() {
        TaskStatus done = classify(pod(Duration.ofMinutes(1), "Running", Pods.running("proxy"),
                terminated(0, "Completed", "{\"outputs\": {\"x\": 1}}")));
        assertEquals(Phase.SUCCEEDED, done.phase());
        assertEquals("{\"x\":1}", done.outputs().toString());
        TaskStatus failed = classify(pod(Duration.ofMinutes(1), "Running", Pods.running("proxy"), terminated(3, "Error", null)));
        assertEquals("EXIT_CODE", failed.error().code());
    }
}
