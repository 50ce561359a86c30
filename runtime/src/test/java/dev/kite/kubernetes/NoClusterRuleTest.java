package dev.kite.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A Kubernetes plugin is unhealthy when fabric8 fell back to its default master URL and Kite does not run in a pod. */
class NoClusterRuleTest {

    private static final String PROBLEM = "no Kubernetes cluster configured: set quarkus.kubernetes-client.api-server-url,"
            + " provide a kubeconfig, or run Kite in a pod";

    @Test
    void theBuiltInDefaultOutsideAPodIsNoCluster() {
        assertEquals(Optional.of(PROBLEM), ClusterConfiguration.noCluster("https://kubernetes.default.svc", null, false));
        assertEquals(Optional.of(PROBLEM), ClusterConfiguration.noCluster("https://kubernetes.default.svc/", "", false));
        assertEquals(Optional.of(PROBLEM), ClusterConfiguration.noCluster(null, null, false));
    }

    @Test
    void inAPodTheDefaultIsTheCluster() {
        assertTrue(ClusterConfiguration.noCluster("https://kubernetes.default.svc/", "10.96.0.1", false).isEmpty());
        assertTrue(ClusterConfiguration.noCluster("https://kubernetes.default.svc", null, true).isEmpty());
    }

    @Test
    void aConfiguredApiServerIsACluster() {
        assertTrue(ClusterConfiguration.noCluster("https://127.0.0.1:6443/", null, false).isEmpty());
        assertTrue(ClusterConfiguration.noCluster("https://kubernetes.default.svc.cluster.local/", null, false).isEmpty());
    }
}
