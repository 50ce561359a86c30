package dev.kite.spi.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import dev.kite.model.Canonical;
import dev.kite.model.Templates;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskTrace;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/** The pod of one attempt of a container task, and the ConfigMap or Secret holding its inputs. */
public final class TaskPod {

    /** The name of the container that runs the task (and whose log is the attempt's). */
    public static final String CONTAINER = "task";
    public static final String INPUTS_VOLUME = "kite-inputs";
    public static final String INPUTS_DIR = "/var/run/kite/inputs";
    public static final String INPUTS_KEY = "inputs.json";
    public static final String INPUTS_FILE = INPUTS_DIR + "/" + INPUTS_KEY;
    public static final String TERMINATION_LOG = "/dev/termination-log";
    /** Largest inputs file, in bytes: a ConfigMap or Secret holds at most 1 MiB, names and all. */
    public static final int MAX_INPUTS_BYTES = 1_000_000;
    /** How long after the attempt's deadline the cluster stops a pod that Kite did not. */
    public static final long DEADLINE_SLACK_SECONDS = 60;

    private TaskPod() {
    }

    /** The name of the attempt's ConfigMap or Secret with the inputs. */
    public static String inputsName(String generatedName) {
        return generatedName + "-inputs";
    }

    /** The canonical JSON of the inputs, for the inputs file; USER non-recoverable when too large. */
    public static String inputsJson(TaskContext<?> ctx) {
        String json = Canonical.json(ctx.inputs());
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INPUTS_BYTES) {
            throw new TaskException(TaskError.user("INPUTS_TOO_LARGE", "the inputs are " + bytes + " bytes of JSON, more than"
                    + " the " + MAX_INPUTS_BYTES + " a container task's inputs file can hold (it is a ConfigMap or Secret);"
                    + " pass large data as blobs: an input of a blob type whose value is {\"uri\": ...}"));
        }
        return json;
    }

    /** The ConfigMap (or Secret, for sensitive inputs) with {@code inputs.json}. */
    public static HasMetadata inputs(ContainerSpec spec, TaskContext<?> ctx) {
        String json = inputsJson(ctx);
        String name = inputsName(ctx.generatedName());
        if (spec.sensitiveInputs()) {
            return new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                    .withType("Opaque")
                    .withImmutable(true)
                    .addToData(INPUTS_KEY, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                    .build();
        }
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withImmutable(true)
                .addToData(INPUTS_KEY, json)
                .build();
    }

    /**
     * The attempt's pod: the template (if any) with the task's container overlaid, the inputs
     * volume, Kite's env variables, and a deadline the cluster enforces should Kite be gone.
     */
    public static Pod build(ContainerSpec spec, TaskContext<?> ctx, PodDefaults defaults, Instant now) {
        inputsJson(ctx); // the same check as the companion's: fail before anything is created
        Map<String, JsonNode> data = Map.of("inputs", ctx.inputs());
        List<String> command;
        List<String> args;
        Map<String, String> taskEnv;
        try {
            command = spec.command(data);
            args = spec.args(data);
            taskEnv = spec.env(data);
        } catch (Templates.RenderException e) {
            throw new TaskException(TaskError.user("TEMPLATE", e.getMessage()));
        }

        Pod pod = defaults.template() == null ? new PodBuilder().withNewMetadata().endMetadata().withNewSpec().endSpec().build()
                : new PodBuilder(defaults.template()).build(); // the builder copies: the template stays as read
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        meta.setName(ctx.generatedName());
        meta.setNamespace(null);
        pod.setMetadata(meta);
        PodSpec ps = pod.getSpec();

        List<Container> containers = new ArrayList<>(ps.getContainers() == null ? List.of() : ps.getContainers());
        Container c = taskContainer(containers);
        c.setName(CONTAINER);
        c.setImage(spec.image());
        c.setCommand(command == null ? new ArrayList<>() : command);
        c.setArgs(args == null ? new ArrayList<>() : args);
        c.setEnv(env(c.getEnv(), kiteEnv(ctx), taskEnv));
        c.setResources(resources(c.getResources(), spec));
        c.setVolumeMounts(mounts(c.getVolumeMounts()));
        c.setTerminationMessagePath(TERMINATION_LOG);
        c.setTerminationMessagePolicy("File");
        ps.setContainers(containers);

        ps.setRestartPolicy("Never");
        String account = spec.serviceAccount() != null ? spec.serviceAccount() : defaults.defaultServiceAccount();
        if (account != null) {
            ps.setServiceAccountName(account);
        }
        ps.setVolumes(volumes(ps.getVolumes(), spec, ctx.generatedName()));
        ps.setActiveDeadlineSeconds(activeDeadlineSeconds(now, ctx.deadline()));
        if (ctx.interruptible()) {
            interruptible(ps, defaults);
        }
        return pod;
    }

    /** The template's container named {@value #CONTAINER}, else its first, else a new one (added to {@code containers}). */
    private static Container taskContainer(List<Container> containers) {
        int at = 0;
        for (int i = 0; i < containers.size(); i++) {
            if (CONTAINER.equals(containers.get(i).getName())) {
                at = i;
                break;
            }
        }
        if (containers.isEmpty()) {
            containers.add(new Container());
        }
        return containers.get(at);
    }

    /** An interruptible attempt goes where the operator's tolerations and node selector for such pods say. */
    private static void interruptible(PodSpec ps, PodDefaults defaults) {
        List<Toleration> tolerations = new ArrayList<>(ps.getTolerations() == null ? List.of() : ps.getTolerations());
        defaults.interruptibleTolerations().stream().filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
        ps.setTolerations(tolerations);
        Map<String, String> selector = new LinkedHashMap<>(ps.getNodeSelector() == null ? Map.of() : ps.getNodeSelector());
        selector.putAll(defaults.interruptibleNodeSelector());
        ps.setNodeSelector(selector);
    }

    /**
     * Gives the pod's task container more memory after earlier OOM kills ({@link MemoryRetry}) and
     * records what it runs with in the {@value MemoryRetry#ANNOTATION} annotation.
     */
    public static Pod withMemory(Pod pod, MemoryRetry memory, List<TaskError> previous) {
        Container c = pod.getSpec().getContainers().stream().filter(x -> CONTAINER.equals(x.getName())).findFirst()
                .orElse(pod.getSpec().getContainers().get(0));
        long ran = memory.apply(c.getResources(), MemoryRetry.oomKills(previous));
        if (ran > 0) {
            Map<String, String> notes = new LinkedHashMap<>(pod.getMetadata().getAnnotations() == null ? Map.of()
                    : pod.getMetadata().getAnnotations());
            notes.put(MemoryRetry.ANNOTATION, MemoryRetry.kubernetes(ran));
            pod.getMetadata().setAnnotations(notes);
        }
        return pod;
    }

    /** Seconds from now to the deadline plus {@link #DEADLINE_SLACK_SECONDS}; at least 1. */
    public static long activeDeadlineSeconds(Instant now, Instant deadline) {
        return Math.max(1, Duration.between(now, deadline).getSeconds() + DEADLINE_SLACK_SECONDS);
    }

    /** The variables Kite gives every container, in this order. */
    public static Map<String, String> kiteEnv(TaskContext<?> ctx) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KITE_EXECUTION_ID", ctx.executionId().toString());
        env.put("KITE_ATTEMPT", Integer.toString(ctx.attempt()));
        env.put("KITE_START_TIME", ctx.startTime().toString());
        env.put("KITE_SEED", Long.toString(ctx.seed()));
        env.put("KITE_INTERRUPTIBLE", Boolean.toString(ctx.interruptible()));
        env.put("KITE_TASK", ContainerSpec.escapeDollars(ctx.taskId().toString()));
        env.put("KITE_INPUTS", INPUTS_FILE);
        env.put("KITE_OUTPUTS", TERMINATION_LOG);
        ctx.trace().traceparent().ifPresent(t -> env.put(TaskTrace.ENV, t)); // the task's own code joins the trace
        return env;
    }

    /** The template's variables (those not set again), then Kite's, then the task's. */
    private static List<EnvVar> env(List<EnvVar> template, Map<String, String> kite, Map<String, String> task) {
        List<EnvVar> out = new ArrayList<>();
        if (template != null) {
            template.stream().filter(e -> !kite.containsKey(e.getName()) && !task.containsKey(e.getName())).forEach(out::add);
        }
        kite.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
        task.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
        return out;
    }

    /** The template's requests and limits, each replaced by the task's for the resources it names. */
    private static ResourceRequirements resources(ResourceRequirements template, ContainerSpec spec) {
        ResourceRequirements r = template == null ? new ResourceRequirements() : template;
        Map<String, Quantity> requests = new LinkedHashMap<>(r.getRequests() == null ? Map.of() : r.getRequests());
        Map<String, Quantity> limits = new LinkedHashMap<>(r.getLimits() == null ? Map.of() : r.getLimits());
        spec.requests().forEach((k, q) -> requests.put(k, new Quantity(q.toString())));
        spec.limits().forEach((k, q) -> limits.put(k, new Quantity(q.toString())));
        r.setRequests(requests);
        r.setLimits(limits);
        return r;
    }

    private static List<VolumeMount> mounts(List<VolumeMount> template) {
        List<VolumeMount> out = new ArrayList<>();
        if (template != null) {
            template.stream().filter(m -> !INPUTS_VOLUME.equals(m.getName()) && !INPUTS_DIR.equals(m.getMountPath()))
                    .forEach(out::add);
        }
        out.add(new VolumeMountBuilder().withName(INPUTS_VOLUME).withMountPath(INPUTS_DIR).withReadOnly(true).build());
        return out;
    }

    private static List<Volume> volumes(List<Volume> template, ContainerSpec spec, String generatedName) {
        List<Volume> out = new ArrayList<>();
        if (template != null) {
            template.stream().filter(v -> !INPUTS_VOLUME.equals(v.getName())).forEach(out::add);
        }
        VolumeBuilder v = new VolumeBuilder().withName(INPUTS_VOLUME);
        String name = inputsName(generatedName);
        out.add(spec.sensitiveInputs() ? v.withNewSecret().withSecretName(name).endSecret().build()
                : v.withNewConfigMap().withName(name).endConfigMap().build());
        return out;
    }
}
