package dev.kite.spi.kubernetes;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.PluginTypes;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskPlugin;
import dev.kite.spi.TaskStatus;

/**
 * A plugin whose work is a Kubernetes object: a Pod, a SparkApplication, any custom resource.
 * The plugin only builds objects and reads their state; the engine does the rest, the same for
 * every such plugin (see {@code src/docs/writing-a-plugin.md} and decision 0005):
 * <ul>
 *   <li>it creates the object under {@link TaskContext#generatedName()} in the namespace of the
 *       task's project and domain ({@code kite.kubernetes.namespace}), with labels and annotations
 *       naming the project, domain, task, execution and attempt; AlreadyExists means re-attach,
 *       so a restarted Kite never creates an attempt's object twice;</li>
 *   <li>it watches the object (an informer per namespace) and calls {@link #status} on every
 *       change, and again periodically, so time-based rules (pending too long) fire without one;</li>
 *   <li>it deletes the object on completion (kept on failure if {@code kite.kubernetes.keep-on-failure}),
 *       on abort and on timeout;</li>
 *   <li>every API call goes through the transient-operation guards (retry with backoff, timeout,
 *       circuit breaker): an API server hiccup never costs the task a retry.</li>
 * </ul>
 *
 * <p>The resource class may be {@code GenericKubernetesResource} for a custom resource without a
 * Java class (a SparkApplication, any kind a task names): the engine then reads and watches it by
 * the {@code apiVersion} and {@code kind} of the object {@link #build} returns.
 *
 * @param <C> the config class
 * @param <R> the Kubernetes resource class
 */
public interface KubernetesPlugin<C, R extends HasMetadata> extends TaskPlugin<C> {

    /**
     * The resource class: the type argument {@code R}. Nothing to override: Kite's build reads it
     * from the class declaration.
     */
    @SuppressWarnings("unchecked")
    default Class<R> resourceType() {
        return (Class<R>) PluginTypes.argument(getClass(), KubernetesPlugin.class, 1);
    }

    /**
     * Builds the object for one attempt. The engine sets its name ({@link TaskContext#generatedName()}),
     * namespace, labels and annotations; whatever the plugin puts there is overwritten. Throw
     * {@link TaskException} for a problem only the attempt's inputs reveal (USER, non-recoverable).
     * Called on a worker thread, never the event loop: it may wait briefly on {@link TaskContext#data()}
     * (a small object read, a signed URL), bounded.
     */
    R build(TaskContext<C> ctx);

    /**
     * Objects the resource needs that must exist before it (a ConfigMap or Secret with the inputs,
     * say), created first in the same namespace with the same labels, owned by the resource once
     * it exists and deleted with it. Name them from {@link TaskContext#generatedName()} so that a
     * re-attach finds them. Called on a worker thread, after {@link #build} when the attempt starts
     * and again when its objects are deleted. None by default.
     */
    default List<HasMetadata> companions(TaskContext<C> ctx) {
        return List.of();
    }

    /**
     * Maps the object's current state to a status; called on every change the watch sees and at
     * each resync. {@code QUEUED} and {@code RUNNING} keep the attempt going; {@code SUCCEEDED}
     * carries the outputs (the engine checks them against the interface); {@code FAILED} carries
     * a classified {@link TaskError}. Must not block or call the API server.
     */
    TaskStatus status(TaskContext<C> ctx, R resource);

    /**
     * Called once {@link #status} says {@code SUCCEEDED} or {@code FAILED}, before the engine records
     * it: a plugin whose job writes its outputs (or a declared error) to the data store
     * ({@link TaskContext#rawOutputPrefix()}) reads them here, asynchronously
     * ({@link TaskContext#data()}), since {@link #status} must not block. Return the status to
     * record: the given one with outputs, or a failure (an output the job did not write). A
     * {@link dev.kite.spi.TaskException} fails the attempt with its error. The default returns
     * {@code ended} unchanged.
     */
    default Uni<TaskStatus> finished(TaskContext<C> ctx, TaskStatus ended) {
        return Uni.createFrom().item(ended);
    }

    /**
     * Where the attempt's log is: a pod and container in the object's namespace (the object itself
     * for a Pod, a driver pod for a SparkApplication). Shown on the attempt and streamed by
     * {@code GET /api/v1/executions/{id}/attempts/{n}/logs}. None by default.
     */
    default Optional<PodLog> log(TaskContext<C> ctx) {
        return Optional.empty();
    }

    /** A container's log: the pod's name and the container's name. */
    record PodLog(String pod, String container) {
    }
}
