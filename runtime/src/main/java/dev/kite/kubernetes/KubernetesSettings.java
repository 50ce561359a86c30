package dev.kite.kubernetes;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How Kite runs the Kubernetes objects of {@code KubernetesPlugin}s (the {@code container} task
 * type and any custom-resource plugin), under {@code kite.kubernetes.}. Which cluster is reached
 * is the Kubernetes client's business: {@code quarkus.kubernetes-client.*}, a kubeconfig, or the
 * service account of the pod Kite runs in.
 */
@ConfigMapping(prefix = "kite.kubernetes")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface KubernetesSettings {

    /**
     * The namespace of a task's objects, a template over {@code {{.task.project}}},
     * {@code {{.task.domain}}} and {@code {{.task.name}}}. Each value is written as a DNS label
     * (lower-cased, characters other than letters, digits and '-' replaced by '-'); the result must
     * be a valid namespace name. The namespace must exist: Kite does not create namespaces.
     */
    @WithDefault("{{.task.project}}-{{.task.domain}}")
    String namespace();

    /**
     * Keep the objects of failed attempts (for a post-mortem with {@code kubectl describe} and
     * logs) instead of deleting them. Succeeded attempts' objects are always deleted; aborted and
     * timed-out ones too.
     */
    @WithDefault("false")
    boolean keepOnFailure();

    /**
     * How often the watch re-reads every object it holds, and so how often the plugins' time-based
     * rules (image pull grace, pending timeout) are evaluated without a change of the object.
     */
    @WithDefault("30s")
    Duration resync();

    /**
     * Log links shown on each attempt of a Kubernetes task, by name: templates over
     * {@code {{.pod.namespace}}}, {@code {{.pod.name}}}, {@code {{.pod.container}}},
     * {@code {{.execution.id}}} and {@code {{.execution.attempt}}}, e.g.
     * {@code kite.kubernetes.log-links.kibana=https://kibana.example.com/app/discover#/?_a=(query:(language:kuery,query:'kubernetes.pod.name:"{{.pod.name}}"'))}.
     * Values are URL-encoded where they land.
     */
    Map<String, String> logLinks();
}
