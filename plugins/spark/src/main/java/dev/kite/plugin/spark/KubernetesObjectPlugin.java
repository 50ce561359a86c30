package dev.kite.plugin.spark;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.kubernetes.KubernetesCluster;
import dev.kite.spi.kubernetes.KubernetesPlugin;
import dev.kite.spi.kubernetes.MemoryRetry;

/**
 * The task type {@code k8s-object}: any Kubernetes object (a batch/v1 Job, a FlinkDeployment, a
 * RayJob, an Argo Workflow, ...) from the task's manifest template, judged by the task's
 * success/failure/running conditions over the object ({@link ObjectTask}); outputs read from its
 * status. No plugin per kind: the engine creates, watches and deletes it by apiVersion and kind.
 * User guide: {@code src/docs/kubernetes-objects.md}.
 */
@ApplicationScoped
@TaskTypes(KubernetesObjectPlugin.TYPE)
public class KubernetesObjectPlugin implements KubernetesPlugin<ObjectConfig, GenericKubernetesResource> {

    public static final String TYPE = "k8s-object";

    @Inject
    ObjectSettings settings;

    @Inject
    KubernetesCluster cluster;

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Class<ObjectConfig> configType() {
        return ObjectConfig.class;
    }

    @Override
    public Class<GenericKubernetesResource> resourceType() {
        return GenericKubernetesResource.class;
    }

    @Override
    public void check() {
        memoryDefaults();
        cluster.unavailable().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    MemoryRetry memoryDefaults() {
        return MemoryRetry.ofSettings("kite.k8s-object", settings.oomRetry().factor(), settings.oomRetry().maxMemory());
    }

    @Override
    public void validate(TaskTemplate task, ObjectConfig config, FieldErrors errors) {
        ObjectTask.compile(task, config, memoryDefaults(), errors);
    }

    @Override
    public GenericKubernetesResource build(TaskContext<ObjectConfig> ctx) {
        return ObjectTask.forAttempt(ctx.task(), ctx.config(), memoryDefaults()).build(ctx);
    }

    @Override
    public TaskStatus status(TaskContext<ObjectConfig> ctx, GenericKubernetesResource object) {
        return ObjectTask.forAttempt(ctx.task(), ctx.config(), memoryDefaults()).status(object);
    }
}
