package dev.kite.plugin.container;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.kubernetes.ContainerSpec;
import dev.kite.spi.kubernetes.KubernetesCluster;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.kubernetes.MemoryRetry;
import dev.kite.spi.kubernetes.PodDefaults;
import dev.kite.spi.kubernetes.PodStates;
import dev.kite.spi.kubernetes.TaskPod;
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

    @Inject
    ContainerSettings settings;

    @Inject
    KubernetesCluster cluster;

    Clock clock = Clock.systemUTC();

    private PodDefaults defaults;
    private String defaultsProblem;

    /** The task's {@code container}, parsed and checked once per task version. */
    @Override
    public ContainerSpec prepare(TaskTemplate task, NoConfig config, FieldErrors errors) {
        return ContainerSpec.compile(task, errors);
    }

    @Override
    public void validate(TaskTemplate task, NoConfig config, FieldErrors errors) {
        memory(task, errors);
    }

    /** The task's {@code container.oomRetry} over {@code kite.container.oom-retry.*}; null after an error. */
    MemoryRetry memory(TaskTemplate task, FieldErrors errors) {
        MemoryRetry defaults = MemoryRetry.ofSettings("kite.container", settings.oomRetry().factor(),
                settings.oomRetry().maxMemory());
        return MemoryRetry.parse(task.container() == null ? null : task.container().get(MemoryRetry.FIELD),
                "container." + MemoryRetry.FIELD, defaults, errors);
    }

    private MemoryRetry memory(TaskTemplate task) {
        FieldErrors errors = new FieldErrors();
        MemoryRetry m = memory(task, errors);
        if (m == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return m;
    }

    /** Reads the pod template and tolerations, and refuses to start without a cluster. */
    @Override
    public void check() {
        defaults();
        cluster.unavailable().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    /** The settings read once; a bad setting is the same error every time, without reading the file again. */
    synchronized PodDefaults defaults() {
        if (defaults == null && defaultsProblem == null) {
            try {
                defaults = PodDefaults.from("kite.container", settings.podTemplate(),
                        settings.interruptible().tolerations().orElse(List.of()), settings.interruptible().nodeSelector(),
                        settings.defaultServiceAccount());
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
        ContainerSpec spec = spec(ctx);
        PodDefaults d;
        try {
            d = defaults();
        } catch (IllegalStateException e) {
            throw new TaskException(TaskError.systemFatal("CONTAINER_SETTINGS", e.getMessage()));
        }
        Pod pod = TaskPod.build(spec, ctx, d, clock.instant());
        TaskPod.withMemory(pod, memory(ctx.task()), ctx.previousErrors());
        return pod;
    }

    @Override
    public List<HasMetadata> companions(TaskContext<NoConfig> ctx) {
        return List.of(TaskPod.inputs(spec(ctx), ctx));
    }

    @Override
    public TaskStatus status(TaskContext<NoConfig> ctx, Pod pod) {
        return PodStates.classify(pod, clock.instant(), settings.imagePullGrace(), settings.pendingTimeout(),
                memory(ctx.task()));
    }

    @Override
    public Optional<PodLog> log(TaskContext<NoConfig> ctx) {
        return Optional.of(new PodLog(ctx.generatedName(), TaskPod.CONTAINER));
    }

    /** The spec the engine prepared; compiled here only for a context that has none. */
    private static ContainerSpec spec(TaskContext<NoConfig> ctx) {
        ContainerSpec prepared = ctx.prepared();
        if (prepared != null) {
            return prepared;
        }
        FieldErrors errors = new FieldErrors();
        ContainerSpec spec = ContainerSpec.compile(ctx.task(), errors);
        if (spec == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return spec;
    }
}
