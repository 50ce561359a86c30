package dev.kite.spi;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A plugin whose work is a Kubernetes object. The plugin only builds the object and reads its
 * status; the engine creates it under {@link TaskContext#generatedName()} (AlreadyExists means
 * re-attach), watches it, and deletes it on completion, abort and timeout.
 *
 * @param <C> the config class
 * @param <R> the Kubernetes resource class (a Pod, a SparkApplication, any CRD)
 */
public interface KubernetesPlugin<C, R extends HasMetadata> extends TaskPlugin<C> {

    /** The resource class. */
    Class<R> resourceType();

    /** Builds the object for one attempt. The engine sets its name, namespace and labels. */
    R build(TaskContext<C> ctx);

    /** Maps the object's current state to a status; called on every change the watch sees. */
    TaskStatus status(TaskContext<C> ctx, R resource);
}
