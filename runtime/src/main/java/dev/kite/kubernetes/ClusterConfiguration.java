package dev.kite.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.Config;

import dev.kite.spi.kubernetes.KubernetesCluster;

/**
 * Tells Kubernetes plugins whether a cluster is configured at all, from the client's configuration
 * alone (no API call, no client built): fabric8 falls back to a built-in master URL when nothing configures one.
 */
@ApplicationScoped
public class ClusterConfiguration implements KubernetesCluster {

    /** The master URL fabric8 falls back to when nothing else configures one. */
    static final String DEFAULT_MASTER_URL = "https://kubernetes.default.svc";
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    /**
     * The configuration the client is built from, not the client: building the client (its HTTP
     * client and serialization) is most of a Kubernetes plugin's start-up check, and is left to the
     * first call that needs it.
     */
    @Inject
    Config config;

    @Override
    public Optional<String> unavailable() {
        return noCluster(config.getMasterUrl(), System.getenv("KUBERNETES_SERVICE_HOST"),
                Files.exists(SERVICE_ACCOUNT_TOKEN));
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
}
