package dev.kite.plugin.spark;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code k8s-object} task type, under {@code kite.k8s-object.}. Read at run time. */
@ConfigMapping(prefix = "kite.k8s-object")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface ObjectSettings {

    /** More memory after an OOM kill (tasks that declare {@code config.oom} and {@code config.memory}). */
    OomRetry oomRetry();

    /** More memory after an OOM kill: the memory at {@code config.memory} times the factor, capped. */
    interface OomRetry {

        /** The multiplier per OOM kill, 1 to 10. */
        @WithDefault("1.5")
        double factor();

        /** The most memory (limit) an attempt gets; an OOM kill at it fails the task. */
        @WithDefault("16Gi")
        String maxMemory();
    }
}
