package dev.kite.plugin.container;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.PodStates;

/** Pods as the kubelet reports them, built with fabric8's builders, and their classification. */
final class Pods {

    static final Duration GRACE = Duration.ofMinutes(3);
    static final Duration PENDING = Duration.ofMinutes(10);

    private Pods() {
    }

    /** A task pod created {@code age} before {@link Fixtures#NOW}, in {@code phase}, with these statuses. */
    static PodBuilder pod(Duration age, String phase, ContainerStatus... statuses) {
        return new PodBuilder()
                .withNewMetadata().withName("kite-0195a1b2c3d47e5f8a9b0c1d2e3f4a5b-0")
                .withCreationTimestamp(Fixtures.NOW.minus(age).toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("task").withImage("ghcr.io/acme/tool:1.4")
                .withNewResources().addToLimits("memory", new Quantity("512Mi")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).withContainerStatuses(statuses).endStatus();
    }

    static TaskStatus classify(PodBuilder pod) {
        return classify(pod.build());
    }

    static TaskStatus classify(Pod pod) {
        return PodStates.classify(pod, Fixtures.NOW, GRACE, PENDING);
    }

    static ContainerStatus terminated(int exitCode, String reason, String message) {
        return new ContainerStatusBuilder().withName("task").withNewState().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).withMessage(message).endTerminated().endState().build();
    }

    static ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder().withName("task").withImage("ghcr.io/acme/tool:1.4").withNewState()
                .withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning()
                .withStartedAt(Fixtures.NOW.toString()).endRunning().endState().build();
    }

    static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }
}
