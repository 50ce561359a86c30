package dev.kite.plugin.container;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the {@code container} task type, under {@code kite.container.}. Read at run time.
 * Where pods run (namespaces, keeping failed pods) is the engine's {@code kite.kubernetes.*}.
 */
@ConfigMapping(prefix = "kite.container")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface ContainerSettings {

    /**
     * A YAML or JSON file holding a {@code Pod} (or a {@code PodTemplate}, whose {@code template}
     * is used) that every task pod starts from: volumes, security context, node selector,
     * tolerations, sidecars, labels and annotations are kept. The task's fields go into its
     * container named {@code task}, else its first container (renamed {@code task}). Read once;
     * a file that cannot be read or parsed makes the plugin unhealthy at start-up.
     */
    Optional<String> podTemplate();

    /** The service account of task pods whose task names none ({@code container.serviceAccount}). */
    Optional<String> defaultServiceAccount();

    /**
     * How long a pod may keep failing to pull its image ({@code ErrImagePull},
     * {@code ImagePullBackOff}) before the attempt fails with {@code IMAGE_PULL} (USER,
     * recoverable): long enough to ride out a registry hiccup, short enough that a wrong tag is
     * reported soon.
     */
    @WithDefault("3m")
    Duration imagePullGrace();

    /**
     * How long a pod may stay pending (not scheduled, or its containers not started) before the
     * attempt fails with {@code PENDING_TIMEOUT} (SYSTEM, recoverable), quoting the scheduler's
     * reason ("0/3 nodes are available: ...").
     */
    @WithDefault("10m")
    Duration pendingTimeout();

    /** More memory after an OOM kill; a task may set its own in {@code container.oomRetry}. */
    OomRetry oomRetry();

    /** More memory after an OOM kill: each later attempt's memory request and limit times the factor, capped. */
    interface OomRetry {

        /**
         * The memory request and limit of an attempt after an OOM kill, over the previous attempt's:
         * 1.5 gives 1.5x after one kill, 2.25x after two. 1 to 10; 1 retries with the same memory.
         */
        @WithDefault("1.5")
        double factor();

        /**
         * The most memory (limit) an attempt gets from OOM retries; an attempt OOM killed at it
         * fails the task (USER, not recoverable).
         */
        @WithDefault("16Gi")
        String maxMemory();
    }

    /** Where attempts of interruptible tasks may run. */
    Interruptible interruptible();

    /** Scheduling of the attempts that may run on preemptible capacity ({@code metadata.interruptible}). */
    interface Interruptible {

        /**
         * Tolerations added to the pods of interruptible attempts, each in kubectl's taint syntax
         * {@code key[=value]:Effect}, e.g. {@code cloud.google.com/gke-preemptible=true:NoSchedule};
         * {@code key:Effect} tolerates any value. Effect is {@code NoSchedule},
         * {@code PreferNoSchedule} or {@code NoExecute}. A bad entry makes the plugin unhealthy at
         * start-up.
         */
        Optional<List<String>> tolerations();

        /**
         * Node labels that the pods of interruptible attempts require, added to their
         * {@code nodeSelector}, e.g.
         * {@code kite.container.interruptible.node-selector."cloud.google.com/gke-spot"=true}.
         */
        Map<String, String> nodeSelector();
    }
}
