package dev.kite.tasks.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.KubernetesPlugin;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/**
 * The built-in task type {@code container}: one pod per attempt running the task's image, with
 * command, args and env rendered from the inputs, the inputs also as a JSON file, and the outputs
 * read back from the container's termination message. The engine creates, watches and deletes
 * the pod; this class only builds it and reads its state (see {@link PodStates}). User guide:
 * {@code src/docs/container-tasks.md}.
 */
@ApplicationScoped
@TaskTypes(ContainerPlugin.TYPE)
public class ContainerPlugin implements KubernetesPlugin<NoConfig, Pod> {

    /** The task type. */
    public static final String TYPE = "container";

    /** The master URL fabric8 falls back to when nothing else configures one. */
    static final String DEFAULT_MASTER_URL = "https://kubernetes.default.svc";
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    @Inject
    ContainerSettings settings;

    /** Only its configuration is read (by {@link #check}): the engine makes every API call. */
    @Inject
    KubernetesClient client;

    Clock clock = Clock.systemUTC();

    private PodDefaults defaults;
    private String defaultsProblem;

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Class<NoConfig> configType() {
        return NoConfig.class;
    }

    @Override
    public Class<Pod> resourceType() {
        return Pod.class;
    }

    @Override
    public void validate(TaskTemplate task, NoConfig config, FieldErrors errors) {
        ContainerSpec.compile(task, errors);
    }

    /** Reads the pod template and tolerations, and refuses to start without a cluster. */
    @Override
    public void check() {
        defaults();
        noCluster(client.getConfiguration().getMasterUrl(), System.getenv("KUBERNETES_SERVICE_HOST"),
                Files.exists(SERVICE_ACCOUNT_TOKEN)).ifPresent(problem -> {
                    throw new IllegalStateException(problem);
                });
    }

    /**
     * Why no cluster is configured at all, or empty: fabric8 fell back to its built-in master URL
     * while Kite runs neither in a pod (no {@code KUBERNETES_SERVICE_HOST}, no service account
     * token) nor with a configured API server or kubeconfig.
     */
    static Optional<String> noCluster(String masterUrl, String serviceHost, boolean serviceAccountToken) {
        String url = masterUrl == null ? "" : masterUrl.strip();
        boolean fallback = url.isEmpty() || url.equals(DEFAULT_MASTER_URL) || url.equals(DEFAULT_MASTER_URL + "/");
        boolean inPod = serviceHost != null && !serviceHost.isBlank() || serviceAccountToken;
        return fallback && !inPod
                ? Optional.of("no Kubernetes cluster configured: set quarkus.kubernetes-client.api-server-url, provide a"
                        + " kubeconfig, or run Kite in a pod")
                : Optional.empty();
    }

    /** The settings read once; a bad setting is the same error every time, without reading the file again. */
    synchronized PodDefaults defaults() {
        if (defaults == null && defaultsProblem == null) {
            try {
                defaults = PodDefaults.from(settings);
            } catch (IllegalArgumentException e) {
                defaultsProblem = e.getMessage();
            }
        }
        if (defaultsProblem != null) {
            throw new IllegalStateException(defaultsProblem);
        }
        return defaults;
    }

    @Override
    public Pod build(TaskContext<NoConfig> ctx) {
        ContainerSpec spec = spec(ctx.task());
        PodDefaults d;
        try {
            d = defaults();
        } catch (IllegalStateException e) {
            throw new TaskException(TaskError.systemFatal("CONTAINER_SETTINGS", e.getMessage()));
        }
        return TaskPod.build(spec, ctx, d, clock.instant());
    }

    @Override
    public List<HasMetadata> companions(TaskContext<NoConfig> ctx) {
        return List.of(TaskPod.inputs(spec(ctx.task()), ctx));
    }

    @Override
    public TaskStatus status(TaskContext<NoConfig> ctx, Pod pod) {
        return PodStates.classify(pod, clock.instant(), settings.imagePullGrace(), settings.pendingTimeout());
    }

    @Override
    public Optional<PodLog> log(TaskContext<NoConfig> ctx) {
        return Optional.of(new PodLog(ctx.generatedName(), TaskPod.CONTAINER));
    }

    private static ContainerSpec spec(TaskTemplate task) {
        FieldErrors errors = new FieldErrors();
        ContainerSpec spec = ContainerSpec.compile(task, errors);
        if (spec == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return spec;
    }
}
