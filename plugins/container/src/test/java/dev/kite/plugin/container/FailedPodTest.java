package dev.kite.plugin.container;

import static dev.kite.plugin.container.Pods.classify;
import static dev.kite.plugin.container.Pods.condition;
import static dev.kite.plugin.container.Pods.pod;
import static dev.kite.plugin.container.Pods.terminated;
import static dev.kite.plugin.container.Pods.GRACE;
import static dev.kite.plugin.container.Pods.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.kubernetes.MemoryRetry;
import dev.kite.spi.kubernetes.PodStates;

/** A failed pod is classified: the task's fault or the cluster's, and whether another attempt may succeed. */
class FailedPodTest {

    private static final Duration AGE = Duration.ofMinutes(2);

    private static TaskError failed(PodBuilder pod) {
        return classify(pod).error();
    }

    private static PodBuilder failedPod(ContainerStatus status) {
        return status == null ? pod(AGE, "Failed") : pod(AGE, "Failed", status);
    }

    @Test
    void anEvictedPodIsASystemError() {
        TaskError e = failed(failedPod(terminated(137, "Error", null)).editStatus().withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus());
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "EVICTED",
                "the pod was evicted: The node was low on resource: memory."), e);
    }

    @Test
    void disruptionsArePreemptionOrNodeLoss() {
        String[][] cases = {
            {"PreemptionByScheduler", "PREEMPTED"}, {"EvictionByEvictionAPI", "PREEMPTED"},
            {"TerminationByKubelet", "PREEMPTED"}, {"SomethingNew", "PREEMPTED"},
            {"DeletionByTaintManager", "NODE_LOST"}, {"DeletionByPodGC", "NODE_LOST"}};
        for (String[] c : cases) {
            TaskError e = failed(failedPod(terminated(137, "Error", null)).editStatus()
                    .addToConditions(condition("DisruptionTarget", "True", c[0], "node going away")).endStatus());
            assertEquals(ErrorKind.SYSTEM, e.kind(), c[0]);
            assertEquals(true, e.recoverable(), c[0]);
            assertEquals(c[1], e.code(), c[0]);
            assertEquals((c[1].equals("NODE_LOST") ? "the pod's node was lost" : "the pod was preempted")
                    + " (" + c[0] + "): node going away", e.message());
        }
        // a DisruptionTarget that is not True is no disruption: the exit code decides
        assertEquals("EXIT_CODE", failed(failedPod(terminated(137, "Error", null)).editStatus()
                .addToConditions(condition("DisruptionTarget", "False", "PreemptionByScheduler", null)).endStatus()).code());
    }

    @Test
    void podReasonsOfNodeShutdownAndLoss() {
        String[][] cases = {
            {"Preempting", "PREEMPTED"}, {"Shutdown", "PREEMPTED"}, {"NodeShutdown", "PREEMPTED"},
            {"Terminated", "PREEMPTED"}, {"NodeLost", "NODE_LOST"}};
        for (String[] c : cases) {
            TaskError e = failed(failedPod(terminated(143, "Error", null)).editStatus().withReason(c[0])
                    .withMessage("Pod was terminated in response to imminent node shutdown.").endStatus());
            assertEquals(new TaskError(ErrorKind.SYSTEM, true, c[1], (c[1].equals("NODE_LOST") ? "the pod's node was lost"
                    : "the pod was preempted") + " (" + c[0] + "): Pod was terminated in response to imminent node shutdown."), e);
        }
    }

    @Test
    void anUnknownPhaseIsALostNode() {
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "NODE_LOST", "the pod's state is Unknown: its node stopped reporting"),
                classify(pod(AGE, "Unknown")).error());
    }

    @Test
    void aPodPastItsActiveDeadlineIsAUserTimeout() {
        TaskError e = failed(failedPod(null).editStatus().withReason("DeadlineExceeded")
                .withMessage("Pod was active on the node longer than the specified deadline").endStatus());
        assertEquals(new TaskError(ErrorKind.USER, true, "TIMEOUT", "the pod ran past its activeDeadlineSeconds:"
                + " Pod was active on the node longer than the specified deadline"), e);
    }

    @Test
    void outOfMemoryIsASystemFailureNamingTheLimit() {
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "OOM_KILLED", "the container ran out of memory (OOMKilled) at its"
                + " memory limit of 512Mi; raise container.resources.limits.memory"),
                failed(failedPod(terminated(137, "OOMKilled", null))));
        TaskError noLimit = failed(failedPod(terminated(137, "OOMKilled", null)).editSpec().editFirstContainer()
                .withResources(null).endContainer().endSpec());
        assertEquals("the container ran out of memory (OOMKilled); it has no memory limit, so the node ran out",
                noLimit.message());
    }

    @Test
    void outOfMemoryBelowTheCapIsRetriedAndAtTheCapIsNot() {
        Pod pod = failedPod(terminated(137, "OOMKilled", null)).build();
        TaskError below = PodStates.classify(pod, Fixtures.NOW, GRACE, PENDING, new MemoryRetry(1.5, 1L << 30)).error();
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "OOM_KILLED", "the container ran out of memory (OOMKilled) at"
                + " 512Mi; the next attempt gets 1.5x, at most 1Gi"), below);
        TaskError atCap = PodStates.classify(pod, Fixtures.NOW, GRACE, PENDING, new MemoryRetry(1.5, 512L << 20)).error();
        assertEquals(ErrorKind.USER, atCap.kind());
        assertFalse(atCap.recoverable(), "an OOM kill at the cap fails the task");
        assertTrue(atCap.message().contains("the most an attempt gets"), atCap.message());
    }

    @Test
    void aFailedContainerMayDeclareItsErrorNotRecoverable() {
        assertEquals(new TaskError(ErrorKind.USER, false, "CONTAINER_ERROR", "bad input file"),
                failed(failedPod(terminated(2, "Error", "{\"error\": {\"message\": \"bad input file\", \"recoverable\": false}}"))));
        assertEquals(new TaskError(ErrorKind.USER, true, "CONTAINER_ERROR", "try later"),
                failed(failedPod(terminated(1, "Error", "{\"error\": {\"message\": \"try later\"}}"))));
    }

    @Test
    void otherwiseANonZeroExitIsRecoverable() {
        assertEquals(new TaskError(ErrorKind.USER, true, "EXIT_CODE", "the container exited with code 3"),
                failed(failedPod(terminated(3, "Error", null))));
        assertEquals(new TaskError(ErrorKind.USER, true, "EXIT_CODE", "the container exited with code 1: Traceback: boom"),
                failed(failedPod(terminated(1, "Error", "Traceback: boom\n"))));
        assertEquals(new TaskError(ErrorKind.USER, true, "EXIT_CODE", "the container exited with code 128 (StartError)"),
                failed(failedPod(terminated(128, "StartError", ""))));
        // JSON that is not an error report is not quoted as text
        assertEquals("the container exited with code 1",
                failed(failedPod(terminated(1, "Error", "{\"outputs\": {}}"))).message());
        assertEquals("the container exited with code 1: " + "y".repeat(200) + "...",
                failed(failedPod(terminated(1, "Error", "y".repeat(500)))).message());
    }

    @Test
    void aFailedPodWithoutAContainerVerdictIsASystemError() {
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "POD_FAILED", "the pod failed (OutOfcpu): Pod Node didn't have"
                + " enough resource: cpu"),
                failed(failedPod(null).editStatus().withReason("OutOfcpu")
                        .withMessage("Pod Node didn't have enough resource: cpu").endStatus()));
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "POD_FAILED", "the pod failed without a reason"),
                failed(failedPod(null)));
    }
}
