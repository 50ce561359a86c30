package dev.kite.kubernetes;

/**
 * Where an attempt's Kubernetes object is, persisted as the attempt's handle: enough for a
 * restarted Kite to find it again, watch it, and delete it.
 */
public record KubeHandle(String apiVersion, String kind, String namespace, String name) {
}
