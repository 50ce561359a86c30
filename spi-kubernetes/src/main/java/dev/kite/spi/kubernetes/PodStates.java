package dev.kite.spi.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskStatus;

/**
 * What a task pod's state means for the attempt: queued, running, succeeded with outputs read
 * from the termination message, or failed with a classified error. Pure: reads the pod and the
 * clock it is given, nothing else.
 */
public final class PodStates {

    /** Kubernetes keeps at most this many bytes of a termination message. */
    public static final int MAX_MESSAGE_BYTES = 4096;
    /** How much of a bad termination message an error quotes. */
    public static final int EXCERPT_CHARS = 200;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> IMAGE_PULL_BACKOFF = Set.of("ErrImagePull", "ImagePullBackOff");
    /** DisruptionTarget reasons and pod reasons that mean the node is gone rather than reclaimed. */
    private static final Set<String> NODE_LOST = Set.of("DeletionByTaintManager", "DeletionByPodGC", "NodeLost");
    private static final Set<String> PREEMPTED = Set.of("PreemptionByScheduler", "EvictionByEvictionAPI",
            "TerminationByKubelet", "Preempting", "Shutdown", "NodeShutdown", "Terminated");

    private PodStates() {
    }

    /**
     * Classifies a task pod.
     *
     * @param pod            the pod as last seen
     * @param now            the current time, to age the pod (its {@code creationTimestamp})
     * @param imagePullGrace how long image pull errors may last before the attempt fails
     * @param pendingTimeout how long the pod may stay pending before the attempt fails
     */
    public static TaskStatus classify(Pod pod, Instant now, Duration imagePullGrace, Duration pendingTimeout) {
        return classify(pod, now, imagePullGrace, pendingTimeout, null);
    }

    /**
     * Classifies a task pod; an OOM kill is judged by {@code memory} (SYSTEM recoverable below its
     * cap, USER non-recoverable at it), or is SYSTEM recoverable when {@code memory} is null.
     */
    public static TaskStatus classify(Pod pod, Instant now, Duration imagePullGrace, Duration pendingTimeout,
            MemoryRetry memory) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getPhase() == null) {
            return TaskStatus.queued("pending");
        }
        ContainerStatus cs = taskStatus(status);
        ContainerState state = cs == null ? null : cs.getState();
        ContainerStateTerminated terminated = state == null ? null : state.getTerminated();
        switch (status.getPhase()) {
            case "Succeeded":
                return succeeded(terminated);
            case "Failed":
                return failed(pod, status, terminated, memory);
            case "Unknown":
                return TaskStatus.failed(TaskError.system("NODE_LOST", "the pod's state is Unknown: its node stopped"
                        + " reporting" + detail(status.getReason(), status.getMessage())));
            case "Running":
                if (terminated != null) {
                    // the task container ended while another one (a sidecar of the template) runs on
                    return terminated.getExitCode() != null && terminated.getExitCode() == 0 ? succeeded(terminated)
                            : failed(pod, status, terminated, memory);
                }
                if (state != null && state.getWaiting() != null) {
                    return pending(pod, status, cs, now, imagePullGrace, pendingTimeout);
                }
                return TaskStatus.running(null);
            default:
                return pending(pod, status, cs, now, imagePullGrace, pendingTimeout);
        }
    }

    /** The status of the container named {@code task}, else of the first container; null when none yet. */
    public static ContainerStatus taskStatus(PodStatus status) {
        List<ContainerStatus> all = status.getContainerStatuses();
        if (all == null || all.isEmpty()) {
            return null;
        }
        return all.stream().filter(s -> TaskPod.CONTAINER.equals(s.getName())).findFirst().orElse(all.get(0));
    }

    // ---- succeeded ------------------------------------------------------------------------------

    private static TaskStatus succeeded(ContainerStateTerminated terminated) {
        String message = terminated == null ? null : terminated.getMessage();
        if (message == null || message.isBlank()) {
            return TaskStatus.succeeded(null);
        }
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= MAX_MESSAGE_BYTES) {
            return TaskStatus.failed(TaskError.user("OUTPUTS_TOO_LARGE", "the outputs written to " + TaskPod.TERMINATION_LOG
                    + " are " + bytes + " bytes or more: Kubernetes keeps at most " + MAX_MESSAGE_BYTES + " bytes of a"
                    + " termination message, so they may have been cut; write large outputs to blob storage and return"
                    + " {\"uri\": ...} values of a blob type"));
        }
        JsonNode report = parse(message);
        if (report != null && report.size() == 1 && report.path("outputs").isObject()) {
            return TaskStatus.succeeded((ObjectNode) report.get("outputs"));
        }
        TaskError declared = declaredError(report);
        if (declared != null) {
            return TaskStatus.failed(declared);
        }
        return TaskStatus.failed(TaskError.user("BAD_OUTPUTS", "the termination message (" + TaskPod.TERMINATION_LOG
                + ") must be {\"outputs\": {...}} or {\"error\": {\"message\": ..., \"recoverable\": ...}}, got: "
                + excerpt(message)));
    }

    /** The message as a JSON object, or null when it is not one. */
    private static JsonNode parse(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** {@code {"error": {"message": "...", "recoverable": false}}} as a USER error; null for any other shape. */
    private static TaskError declaredError(JsonNode report) {
        if (report == null || report.size() != 1 || !report.path("error").isObject()) {
            return null;
        }
        JsonNode e = report.get("error");
        JsonNode message = e.get("message");
        JsonNode recoverable = e.get("recoverable");
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            if (!f.getKey().equals("message") && !f.getKey().equals("recoverable")) {
                return null;
            }
        }
        if (message != null && !message.isTextual() || recoverable != null && !recoverable.isBoolean()) {
            return null;
        }
        String text = message == null || message.textValue().isBlank() ? "the container reported an error"
                : message.textValue();
        return new TaskError(ErrorKind.USER, recoverable == null || recoverable.booleanValue(), "CONTAINER_ERROR", text);
    }

    // ---- failed ---------------------------------------------------------------------------------

    private static TaskStatus failed(Pod pod, PodStatus status, ContainerStateTerminated terminated, MemoryRetry memory) {
        String reason = status.getReason() == null ? "" : status.getReason();
        if (reason.equals("Evicted")) {
            return TaskStatus.failed(TaskError.system("EVICTED", "the pod was evicted" + detail(null, status.getMessage())));
        }
        String disruption = disruption(status);
        String cause = disruption != null ? disruption : reason;
        if (NODE_LOST.contains(cause)) {
            return TaskStatus.failed(TaskError.system("NODE_LOST", "the pod's node was lost"
                    + detail(cause, message(status, disruption))));
        }
        if (PREEMPTED.contains(cause) || disruption != null) {
            return TaskStatus.failed(TaskError.system("PREEMPTED", "the pod was preempted"
                    + detail(cause, message(status, disruption))));
        }
        if (reason.equals("DeadlineExceeded")) {
            return TaskStatus.failed(TaskError.userRecoverable("TIMEOUT", "the pod ran past its activeDeadlineSeconds"
                    + detail(null, status.getMessage())));
        }
        if (terminated != null && "OOMKilled".equals(terminated.getReason())) {
            Quantity limit = memoryLimit(pod);
            if (memory != null) {
                return TaskStatus.failed(memory.oomKilled("the container", limit == null ? 0 : MemoryRetry.bytes(limit),
                        "oomRetry.maxMemory"));
            }
            return TaskStatus.failed(TaskError.system(MemoryRetry.OOM_KILLED, "the container ran out of memory (OOMKilled)"
                    + (limit == null ? "; it has no memory limit, so the node ran out"
                            : " at its memory limit of " + limit + "; raise container.resources.limits.memory")));
        }
        String message = terminated == null ? null : terminated.getMessage();
        TaskError declared = message == null ? null : declaredError(parse(message));
        if (declared != null) {
            return TaskStatus.failed(declared);
        }
        Integer exit = terminated == null ? null : terminated.getExitCode();
        if (exit != null && exit != 0) {
            String text = message == null || message.isBlank() || parse(message) != null ? "" : ": " + excerpt(message.strip());
            return TaskStatus.failed(TaskError.userRecoverable("EXIT_CODE", "the container exited with code " + exit
                    + (terminated.getReason() == null || terminated.getReason().equals("Error") ? ""
                            : " (" + terminated.getReason() + ")")
                    + text));
        }
        return TaskStatus.failed(TaskError.system("POD_FAILED", "the pod failed"
                + (reason.isEmpty() && status.getMessage() == null ? " without a reason" : detail(reason, status.getMessage()))));
    }

    /** The reason of a true DisruptionTarget condition, or null. */
    private static String disruption(PodStatus status) {
        PodCondition c = condition(status, "DisruptionTarget");
        if (c == null || !"True".equals(c.getStatus())) {
            return null;
        }
        return c.getReason() == null ? "DisruptionTarget" : c.getReason();
    }

    private static String message(PodStatus status, String disruption) {
        if (disruption != null) {
            PodCondition c = condition(status, "DisruptionTarget");
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
        }
        return status.getMessage();
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Quantity memoryLimit(Pod pod) {
        Container c = taskContainer(pod);
        if (c == null || c.getResources() == null || c.getResources().getLimits() == null) {
            return null;
        }
        return c.getResources().getLimits().get("memory");
    }

    private static Container taskContainer(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            return null;
        }
        List<Container> all = pod.getSpec().getContainers();
        return all.stream().filter(c -> TaskPod.CONTAINER.equals(c.getName())).findFirst().orElse(all.get(0));
    }

    // ---- pending --------------------------------------------------------------------------------

    private static TaskStatus pending(Pod pod, PodStatus status, ContainerStatus cs, Instant now, Duration imagePullGrace,
            Duration pendingTimeout) {
        Duration age = age(pod, now);
        ContainerStateWaiting waiting = cs == null || cs.getState() == null ? null : cs.getState().getWaiting();
        String reason = waiting == null || waiting.getReason() == null ? "" : waiting.getReason();
        String waitMessage = waiting == null ? null : waiting.getMessage();
        String image = image(pod, cs);
        if (IMAGE_PULL_BACKOFF.contains(reason)) {
            if (age.compareTo(imagePullGrace) >= 0) {
                return TaskStatus.failed(TaskError.userRecoverable("IMAGE_PULL", "cannot pull image " + image
                        + " (still failing after " + human(imagePullGrace) + ", kite.container.image-pull-grace)"
                        + detail(reason, waitMessage)));
            }
            return TaskStatus.queued("pulling image " + image + " fails; retrying for up to " + human(imagePullGrace)
                    + detail(reason, waitMessage));
        }
        if (reason.equals("InvalidImageName")) {
            return TaskStatus.failed(TaskError.user("IMAGE_PULL", "the image name " + image + " is not valid"
                    + detail(null, waitMessage)));
        }
        if (reason.equals("CreateContainerConfigError")) {
            return TaskStatus.failed(TaskError.user("CONTAINER_CONFIG", "the container cannot be created"
                    + detail(reason, waitMessage)));
        }
        if (age.compareTo(pendingTimeout) >= 0 && !initContainerRunning(status)) {
            PodCondition scheduled = condition(status, "PodScheduled");
            String why = scheduled != null && !"True".equals(scheduled.getStatus()) && scheduled.getMessage() != null
                    ? ": " + scheduled.getMessage()
                    : reason.isEmpty() ? "" : detail(reason, waitMessage);
            return TaskStatus.failed(TaskError.system("PENDING_TIMEOUT", "the pod was still pending after "
                    + human(pendingTimeout) + " (kite.container.pending-timeout)" + why));
        }
        return TaskStatus.queued(reason.isEmpty() ? "pending" : reason);
    }

    /** Time since the pod was created; zero when unknown. */
    public static Duration age(Pod pod, Instant now) {
        String created = pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
        if (created == null || created.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.between(Instant.parse(created), now);
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }

    /** An init container (of the template) at work: the pod is busy, not stuck. */
    private static boolean initContainerRunning(PodStatus status) {
        return status.getInitContainerStatuses() != null && status.getInitContainerStatuses().stream()
                .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
    }

    private static String image(Pod pod, ContainerStatus cs) {
        Container c = taskContainer(pod);
        if (c != null && c.getImage() != null) {
            return c.getImage();
        }
        return cs == null || cs.getImage() == null ? "(unknown)" : cs.getImage();
    }

    // ---- text -----------------------------------------------------------------------------------

    /** " (reason): message", either part left out when absent. */
    private static String detail(String reason, String message) {
        boolean r = reason != null && !reason.isBlank();
        boolean m = message != null && !message.isBlank();
        return (r ? " (" + reason + ")" : "") + (m ? ": " + message.strip() : "");
    }

    /** The first {@value #EXCERPT_CHARS} characters (never half a surrogate pair), then "...". */
    public static String excerpt(String s) {
        if (s.length() <= EXCERPT_CHARS) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(EXCERPT_CHARS - 1)) ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
        return s.substring(0, end) + "...";
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
