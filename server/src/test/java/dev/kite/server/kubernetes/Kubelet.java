package dev.kite.server.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * A simulated kubelet, in test code: it watches the pods Kite creates on the Kubernetes test
 * server and plays out a scenario on each one by writing the pod's status, as a real kubelet
 * would. The scenario is the task's command: {@code ["kubelet-sim", "<steps>", "<message>"]},
 * where {@code steps} is a comma-separated list with one step per attempt (the last one repeats)
 * and {@code message} is written as the container's termination message. Steps:
 * <ul>
 *   <li>{@code ok} — Running, then Succeeded with exit code 0;</li>
 *   <li>{@code exit:N} — Running, then Failed with exit code N;</li>
 *   <li>{@code oom} — Running, then Failed, the container OOMKilled (exit 137);</li>
 *   <li>{@code evict} — Running, then Failed with pod reason Evicted;</li>
 *   <li>{@code preempt} — Running, then Failed with a DisruptionTarget condition;</li>
 *   <li>{@code pull} — Pending, the container waiting in ImagePullBackOff, forever;</li>
 *   <li>{@code invalid-image} — Pending, waiting in InvalidImageName;</li>
 *   <li>{@code config-error} — Pending, waiting in CreateContainerConfigError;</li>
 *   <li>{@code unschedulable} — Pending, PodScheduled False (Unschedulable), forever;</li>
 *   <li>{@code run} — Running, forever;</li>
 *   <li>{@code vanish} — the pod is deleted (its node was lost).</li>
 * </ul>
 */
public final class Kubelet implements AutoCloseable {

    private final KubernetesClient client;
    private final Watch watch;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Pod>> created = new ConcurrentHashMap<>();

    public Kubelet(KubernetesClient client) {
        this.client = client;
        this.watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED && seen.add(key(pod))) {
                    String execution = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("kite.dev/execution");
                    if (execution != null) {
                        created.computeIfAbsent(execution, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(pod);
                    }
                    executor.execute(() -> play(pod));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @Override
    public void close() {
        watch.close();
        executor.shutdownNow();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
    }

    private void play(Pod pod) {
        List<String> command = pod.getSpec().getContainers().get(0).getCommand();
        List<String> args = pod.getSpec().getContainers().get(0).getArgs();
        if (command == null || command.isEmpty() || !command.get(0).equals("kubelet-sim") || args == null || args.isEmpty()) {
            return; // not a scenario: stays Pending, as on a cluster without capacity
        }
        String[] steps = args.get(0).split(",");
        int attempt = Integer.parseInt(pod.getMetadata().getLabels().getOrDefault("kite.dev/attempt", "0"));
        String step = steps[Math.min(attempt, steps.length - 1)];
        String message = args.size() > 1 ? args.get(1) : "";
        String image = pod.getSpec().getContainers().get(0).getImage();
        String now = Instant.now().toString();
        switch (step.contains(":") ? step.substring(0, step.indexOf(':')) : step) {
            case "ok" -> {
                status(pod, s -> running(now));
                status(pod, s -> terminated("Succeeded", 0, "Completed", message, now).build());
            }
            case "exit" -> {
                status(pod, s -> running(now));
                status(pod, s -> terminated("Failed", Integer.parseInt(step.substring(5)), "Error", message, now).build());
            }
            case "oom" -> {
                status(pod, s -> running(now));
                status(pod, s -> terminated("Failed", 137, "OOMKilled", "", now).build());
            }
            case "evict" -> {
                status(pod, s -> running(now));
                status(pod, s -> new PodStatusBuilder(s).withPhase("Failed").withReason("Evicted")
                        .withMessage("The node was low on resource: memory.").build());
            }
            case "preempt" -> {
                status(pod, s -> running(now));
                status(pod, s -> terminated("Failed", 143, "Error", "", now)
                        .withConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                                .withReason("PreemptionByScheduler").withMessage("preempted to make room for a higher priority pod").build())
                        .build());
            }
            case "pull" -> status(pod, s -> waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""));
            case "invalid-image" -> status(pod, s -> waiting("InvalidImageName", "couldn't parse image name \"" + image + "\""));
            case "config-error" -> status(pod, s -> waiting("CreateContainerConfigError", "secret \"db-password\" not found"));
            case "unschedulable" -> status(pod, s -> new PodStatusBuilder().withPhase("Pending")
                    .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                            .withMessage("0/3 nodes are available: 3 Insufficient cpu.").build()).build());
            case "run" -> status(pod, s -> running(now));
            case "vanish" -> {
                status(pod, s -> running(now));
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
            }
            default -> throw new IllegalArgumentException("unknown kubelet-sim step " + step);
        }
    }

    private void status(Pod pod, UnaryOperator<PodStatus> change) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(p -> {
                    p.setStatus(change.apply(p.getStatus() == null ? new PodStatus() : p.getStatus()));
                    return p;
                });
    }

    private static PodStatus running(String now) {
        return new PodStatusBuilder().withPhase("Running").withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build()).build())
                .build();
    }

    private static PodStatusBuilder terminated(String phase, int exitCode, String reason, String message, String now) {
        return new PodStatusBuilder().withPhase(phase).withStartTime(now)
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(false)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                                .withMessage(message.isEmpty() ? null : message).withFinishedAt(now).endTerminated().build())
                        .build());
    }

    private static PodStatus waiting(String reason, String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName("task").withReady(false)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build())
                        .build())
                .build();
    }

    /** Every pod ever created for one execution, as created (the kubelet saw each once). */
    public List<Pod> created(String executionId) {
        return created.getOrDefault(executionId, List.of());
    }

    /** Pods of one execution currently in the cluster. */
    public List<Pod> podsOf(String executionId) {
        return client.pods().inAnyNamespace().withLabel("kite.dev/execution", executionId).list().getItems();
    }
}
