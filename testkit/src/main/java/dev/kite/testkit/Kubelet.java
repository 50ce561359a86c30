package dev.kite.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import dev.kite.spi.kubernetes.TaskPod;

/**
 * A simulated kubelet: the status changes a node makes to a task pod, as scripts of named steps.
 * Each step is one or more changes of the pod's status, in the order a watch would see them:
 * <ul>
 *   <li>{@code ok} — running, then succeeded (exit 0; the message is the termination message);</li>
 *   <li>{@code exit:N} — running, then failed with exit code N;</li>
 *   <li>{@code oom} — running, then OOMKilled (137);</li>
 *   <li>{@code evict} — running, then evicted by the node;</li>
 *   <li>{@code preempt} — running, then killed with a DisruptionTarget condition;</li>
 *   <li>{@code pull}, {@code invalid-image}, {@code config-error} — waiting with that problem;</li>
 *   <li>{@code unschedulable} — pending, no node fits;</li>
 *   <li>{@code run} — running.</li>
 * </ul>
 */
public final class Kubelet {

    /** The steps {@link #script} knows. */
    public static final List<String> STEPS = List.of("ok", "exit:N", "oom", "evict", "preempt", "pull", "invalid-image",
            "config-error", "unschedulable", "run");

    private Kubelet() {
    }

    /**
     * The status changes of one step.
     *
     * @param step    a step of {@link #STEPS}
     * @param message the termination message of {@code ok} and {@code exit:N} (the outputs JSON or an error report)
     * @param now     the time the kubelet writes into the status
     */
    public static List<UnaryOperator<PodStatus>> step(String step, String message, String image, Instant now) {
        String at = now.toString();
        String kind = step.contains(":") ? step.substring(0, step.indexOf(':')) : step;
        return switch (kind) {
            case "ok" -> List.of(s -> running(at), s -> terminated("Succeeded", 0, "Completed", message, at).build());
            case "exit" -> List.of(s -> running(at),
                    s -> terminated("Failed", Integer.parseInt(step.substring(5)), "Error", message, at).build());
            case "oom" -> List.of(s -> running(at), s -> terminated("Failed", 137, "OOMKilled", "", at).build());
            case "evict" -> List.of(s -> running(at), s -> new PodStatusBuilder(s).withPhase("Failed").withReason("Evicted")
                    .withMessage("The node was low on resource: memory.").build());
            case "preempt" -> List.of(s -> running(at), s -> terminated("Failed", 143, "Error", "", at)
                    .withConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                            .withReason("PreemptionByScheduler").withMessage("preempted to make room for a higher priority pod")
                            .build())
                    .build());
            case "pull" -> List.of(s -> waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""));
            case "invalid-image" -> List.of(s -> waiting("InvalidImageName", "couldn't parse image name \"" + image + "\""));
            case "config-error" -> List.of(s -> waiting("CreateContainerConfigError", "secret \"db-password\" not found"));
            case "unschedulable" -> List.of(s -> new PodStatusBuilder().withPhase("Pending")
                    .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                            .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient cpu.").build())
                    .build());
            case "run" -> List.of(s -> running(at));
            default -> throw new IllegalArgumentException("unknown kubelet step '" + step + "'; known: " + STEPS);
        };
    }

    /** The changes of a step as changes of a whole pod, for {@link KubernetesRun#play}; the image is the pod's. */
    public static List<UnaryOperator<Pod>> script(String step, String message, Instant now) {
        int n = step(step, message, "", now).size();
        List<UnaryOperator<Pod>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            out.add(pod -> {
                String image = pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() ? ""
                        : pod.getSpec().getContainers().get(0).getImage();
                PodStatus before = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
                return new PodBuilder(pod).withStatus(step(step, message, image, now).get(k).apply(before)).build();
            });
        }
        return out;
    }

    private static PodStatus running(String now) {
        return new PodStatusBuilder().withPhase("Running").withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName(TaskPod.CONTAINER).withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build()).build())
                .build();
    }

    private static PodStatusBuilder terminated(String phase, int exitCode, String reason, String message, String now) {
        return new PodStatusBuilder().withPhase(phase).withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName(TaskPod.CONTAINER).withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                                .withMessage(message == null || message.isEmpty() ? null : message).withFinishedAt(now)
                                .endTerminated().build())
                        .build());
    }

    private static PodStatus waiting(String reason, String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName(TaskPod.CONTAINER).withReady(false)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                                .endWaiting().build())
                        .build())
                .build();
    }
}
