package dev.kite.spi.kubernetes;

import java.util.Optional;

/**
 * The cluster Kite creates Kubernetes objects in, as far as a plugin needs to know it. Kite's engine
 * provides the bean; inject it in a {@link KubernetesPlugin} to fail the plugin's start-up check
 * when no cluster is configured at all:
 *
 * <pre>{@code
 * @Inject KubernetesCluster cluster;
 *
 * public void check() {
 *     cluster.unavailable().ifPresent(problem -> { throw new IllegalStateException(problem); });
 * }
 * }</pre>
 */
public interface KubernetesCluster {

    /**
     * Why no cluster is configured (no API server URL, no kubeconfig, not running in a pod), or
     * empty when one is. Does not call the API server.
     */
    Optional<String> unavailable();
}
