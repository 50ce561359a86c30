package dev.kite.plugin.container;

import static dev.kite.plugin.container.Pods.classify;
import static dev.kite.plugin.container.Pods.condition;
import static dev.kite.plugin.container.Pods.pod;
import static dev.kite.plugin.container.Pods.waiting;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskStatus.Phase;
import dev.kite.spi.kubernetes.PodStates;

/** A pod that has not started waits, until the image cannot be pulled or it stays pending too long. */
class PendingPodTest {

    private static final String PULL_MESSAGE = "Back-off pulling image \"ghcr.io/acme/tool:1.4\"";

    @Test
    void aPodWithoutStatusIsQueued() {
        assertEquals(TaskStatus.queued("pending"), classify(new PodBuilder().withNewMetadata().withName("x").endMetadata().build()));
        assertEquals(TaskStatus.queued("pending"), classify(pod(Duration.ZERO, null)));
    }

    @Test
    void aRunningPodIsRunning() {
        assertEquals(Phase.RUNNING, classify(pod(Duration.ofMinutes(30), "Running", Pods.running("task"))).phase());
    }

    @Test
    void imagePullErrorsWaitForTheGrace() {
        for (String reason : new String[] {"ErrImagePull", "ImagePullBackOff"}) {
            Duration justBefore = Pods.GRACE.minusSeconds(1);
            TaskStatus waitingStill = classify(pod(justBefore, "Pending", waiting(reason, PULL_MESSAGE)));
            assertEquals(TaskStatus.queued("pulling image ghcr.io/acme/tool:1.4 fails; retrying for up to 3m (" + reason + "): "
                    + PULL_MESSAGE), waitingStill);

            TaskError atGrace = classify(pod(Pods.GRACE, "Pending", waiting(reason, PULL_MESSAGE))).error();
            assertEquals(new TaskError(ErrorKind.USER, true, "IMAGE_PULL", "cannot pull image ghcr.io/acme/tool:1.4 (still"
                    + " failing after 3m, kite.container.image-pull-grace) (" + reason + "): " + PULL_MESSAGE), atGrace);
        }
    }

    @Test
    void anInvalidImageNameFailsAtOnce() {
        TaskError e = classify(pod(Duration.ofSeconds(5), "Pending", waiting("InvalidImageName",
                "Failed to apply default image tag \"ghcr.io/acme/tool:1.4\": couldn't parse image name"))).error();
        assertEquals(new TaskError(ErrorKind.USER, false, "IMAGE_PULL", "the image name ghcr.io/acme/tool:1.4 is not valid:"
                + " Failed to apply default image tag \"ghcr.io/acme/tool:1.4\": couldn't parse image name"), e);
    }

    @Test
    void aContainerConfigErrorFailsAtOnce() {
        TaskError e = classify(pod(Duration.ofSeconds(5), "Pending", waiting("CreateContainerConfigError",
                "secret \"db-password\" not found"))).error();
        assertEquals(new TaskError(ErrorKind.USER, false, "CONTAINER_CONFIG",
                "the container cannot be created (CreateContainerConfigError): secret \"db-password\" not found"), e);
    }

    @Test
    void anUnschedulablePodFailsAfterThePendingTimeoutWithTheSchedulersReason() {
        String why = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption"
                + " victims found for incoming pod.";
        PodBuilder unschedulable = pod(Pods.PENDING.minusSeconds(1), "Pending").editStatus()
                .addToConditions(condition("PodScheduled", "False", "Unschedulable", why)).endStatus();
        assertEquals(TaskStatus.queued("pending"), classify(unschedulable));

        Pod late = unschedulable.editMetadata().withCreationTimestamp(Fixtures.NOW.minus(Pods.PENDING).toString()).endMetadata()
                .build();
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "PENDING_TIMEOUT", "the pod was still pending after 10m"
                + " (kite.container.pending-timeout): " + why), classify(late).error());
    }

    @Test
    void aContainerStuckCreatingAlsoTimesOut() {
        assertEquals(TaskStatus.queued("ContainerCreating"),
                classify(pod(Duration.ofMinutes(9), "Pending", waiting("ContainerCreating", null))));
        assertEquals(new TaskError(ErrorKind.SYSTEM, true, "PENDING_TIMEOUT", "the pod was still pending after 10m"
                + " (kite.container.pending-timeout) (ContainerCreating)"),
                classify(pod(Duration.ofMinutes(11), "Pending", waiting("ContainerCreating", null))).error());
    }

    @Test
    void aRunningInitContainerIsWorkNotAStuckPod() {
        PodBuilder initializing = pod(Duration.ofMinutes(30), "Pending", waiting("PodInitializing", null)).editStatus()
                .addToInitContainerStatuses(Pods.running("fetch-data")).endStatus();
        assertEquals(TaskStatus.queued("PodInitializing"), classify(initializing));
    }

    @Test
    void aTaskContainerWaitingBesideARunningSidecarFollowsThePendingRules() {
        TaskError e = classify(pod(Pods.GRACE.plusSeconds(1), "Running", Pods.running("proxy"),
                waiting("ImagePullBackOff", PULL_MESSAGE))).error();
        assertEquals("IMAGE_PULL", e.code());
    }

    @Test
    void withoutACreationTimeThePodIsNew() {
        Pod pod = pod(Duration.ofHours(1), "Pending", waiting("ErrImagePull", PULL_MESSAGE)).editMetadata()
                .withCreationTimestamp(null).endMetadata().build();
        assertEquals(Phase.QUEUED, classify(pod).phase());
        assertEquals(Duration.ZERO, PodStates.age(pod, Fixtures.NOW));
    }

    @Test
    void theFirstContainerStandsInForTheTaskContainer() {
        TaskError e = classify(pod(Duration.ofSeconds(1), "Pending", new ContainerStatusBuilder().withName("main").withNewState()
                .withNewWaiting().withReason("InvalidImageName").endWaiting().endState().build())).error();
        assertEquals("IMAGE_PULL", e.code());
    }
}
