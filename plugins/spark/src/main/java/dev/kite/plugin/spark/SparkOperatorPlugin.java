package dev.kite.plugin.spark;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.kubernetes.KubernetesCluster;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.kubernetes.MemoryRetry;
import dev.kite.spi.kubernetes.PodDefaults;
import dev.kite.spi.kubernetes.Tolerations;

/**
 * The {@code spark} task type on Kubernetes: one SparkApplication of the Kubeflow Spark operator
 * per attempt ({@link SparkApplications}), its state mapped by {@link SparkStates}, its outputs
 * read from the attempt's raw output location ({@link SparkOutputs}). It serves {@code spark}
 * when a cluster is configured and {@code kite.spark.mode} is {@code auto} or {@code kubernetes};
 * otherwise its start-up check fails and {@link SparkLocalPlugin} serves the type.
 */
@ApplicationScoped
@TaskTypes(SparkOperatorPlugin.TYPE)
public class SparkOperatorPlugin implements KubernetesPlugin<SparkConfig, GenericKubernetesResource> {

    public static final String TYPE = "spark";
    public static final String NAME = "spark-operator";

    @Inject
    SparkSettings settings;

    @Inject
    KubernetesCluster cluster;

    Clock clock = Clock.systemUTC();

    private volatile SparkApplications.Defaults defaults;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SparkConfig> configType() {
        return SparkConfig.class;
    }

    @Override
    public Class<GenericKubernetesResource> resourceType() {
        return GenericKubernetesResource.class;
    }

    /** Unhealthy (so that local mode serves {@code spark}) in local mode or without a cluster. */
    @Override
    public void check() {
        if (settings.mode() == SparkSettings.Mode.LOCAL) {
            throw new IllegalStateException("kite.spark.mode=local: spark tasks run in local mode");
        }
        defaults();
        memoryDefaults();
        cluster.unavailable().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    @Override
    public void validate(TaskTemplate task, SparkConfig config, FieldErrors errors) {
        SparkJob.compile(task, config, false, memoryDefaults(), errors);
    }

    MemoryRetry memoryDefaults() {
        return MemoryRetry.ofSettings("kite.spark", settings.oomRetry().factor(), settings.oomRetry().maxMemory());
    }

    SparkApplications.Defaults defaults() {
        SparkApplications.Defaults d = defaults;
        if (d == null) {
            List<Toleration> tolerations;
            try {
                tolerations = Tolerations.parse(settings.interruptible().tolerations().orElse(List.of()),
                        "kite.spark.interruptible.tolerations");
            } catch (IllegalArgumentException e) {
                throw new TaskException(TaskError.systemFatal("SPARK_SETTINGS", e.getMessage()));
            }
            Pod template;
            try {
                template = settings.podTemplate().map(f -> PodDefaults.readTemplate("kite.spark.pod-template", Path.of(f)))
                        .orElse(null);
            } catch (IllegalArgumentException e) {
                throw new TaskException(TaskError.systemFatal("SPARK_SETTINGS", e.getMessage()));
            }
            d = new SparkApplications.Defaults(settings.image().orElse(null), settings.sparkVersion(),
                    settings.serviceAccount().orElse(null), settings.sparkConf(), settings.hadoopConf(),
                    Math.max(1, settings.timeToLive().toSeconds()), tolerations, settings.interruptible().nodeSelector(),
                    template);
            defaults = d;
        }
        return d;
    }

    private SparkJob job(TaskContext<SparkConfig> ctx) {
        return SparkJob.forAttempt(ctx.task(), ctx.config(), false, memoryDefaults());
    }

    @Override
    public GenericKubernetesResource build(TaskContext<SparkConfig> ctx) {
        SparkJob job = job(ctx);
        if (job.config.image() == null && defaults().image() == null) {
            throw new TaskException(TaskError.user("NO_IMAGE", "the task names no image (config.image) and"
                    + " kite.spark.image is not set"));
        }
        return SparkApplications.build(job, ctx, defaults(), clock.instant());
    }

    @Override
    public TaskStatus status(TaskContext<SparkConfig> ctx, GenericKubernetesResource app) {
        TaskStatus s = SparkStates.classify(app, job(ctx).memory, settings.historyServerUrl().orElse(null));
        if (s.phase().isTerminal()) {
            Optional<String> history = SparkStates.history(app, settings.historyServerUrl().orElse(null));
            if (history.isPresent()) {
                String text = (s.message() == null ? "" : s.message() + "; ") + "history: " + history.get();
                s = new TaskStatus(s.phase(), s.outputs(), s.error(), text);
            }
        }
        return s;
    }

    @Override
    public Uni<TaskStatus> finished(TaskContext<SparkConfig> ctx, TaskStatus ended) {
        if (ended.phase() == TaskStatus.Phase.SUCCEEDED) {
            return SparkOutputs.collect(ctx).map(outputs -> new TaskStatus(TaskStatus.Phase.SUCCEEDED, outputs, null,
                    ended.message()));
        }
        if ("EXIT_CODE".equals(ended.error().code())) {
            return SparkOutputs.declaredError(ctx, ended.error()).map(TaskStatus::failed);
        }
        return Uni.createFrom().item(ended);
    }

    @Override
    public Optional<PodLog> log(TaskContext<SparkConfig> ctx) {
        return Optional.of(new PodLog(SparkApplications.driverPod(ctx.generatedName()), SparkApplications.DRIVER_CONTAINER));
    }
}
