package dev.kite.plugin.spark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code spark} task type, under {@code kite.spark.}. Read at run time. */
@ConfigMapping(prefix = "kite.spark")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface SparkSettings {

    /**
     * Where {@code spark} tasks run: {@code kubernetes} (a SparkApplication for the Spark operator),
     * {@code local} (Spark in local mode in a child JVM of Kite), or {@code auto}: Kubernetes when a
     * cluster is configured, else local.
     */
    @WithDefault("auto")
    Mode mode();

    /** The choice of {@link #mode()}. */
    enum Mode {
        AUTO, KUBERNETES, LOCAL
    }

    /** The Spark image of applications whose task names none ({@code config.image}). */
    Optional<String> image();

    /** The Spark version of the image, for the operator ({@code spec.sparkVersion}). */
    @WithDefault("3.5.9")
    String sparkVersion();

    /**
     * A YAML or JSON file holding a {@code Pod} (or {@code PodTemplate}) that the driver and executor
     * pods start from ({@code spec.driver.template}, {@code spec.executor.template}: volumes,
     * security context, node selector, sidecars, labels, annotations), read like
     * {@code kite.container.pod-template}. A file that cannot be read makes the plugin unhealthy.
     */
    Optional<String> podTemplate();

    /** The driver's service account when the task names none; it needs to manage its executor pods. */
    Optional<String> serviceAccount();

    /** Spark properties every application gets; a task's {@code config.sparkConf} wins. */
    Map<String, String> sparkConf();

    /** Hadoop properties every application gets; a task's {@code config.hadoopConf} wins. */
    Map<String, String> hadoopConf();

    /**
     * How long the operator keeps an ended application ({@code spec.timeToLiveSeconds}); Kite
     * deletes it at the attempt's end, so this only matters when Kite is gone.
     */
    @WithDefault("1h")
    Duration timeToLive();

    /**
     * The Spark history server, e.g. {@code https://spark-history.example.com}: an ended
     * application's link is {@code <url>/history/<spark application id>}.
     */
    Optional<String> historyServerUrl();

    /** More memory after an OOM kill of the driver. */
    OomRetry oomRetry();

    /** Local mode. */
    Local local();

    /** Where executors of interruptible attempts may run (the driver never does). */
    Interruptible interruptible();

    /** More memory after an OOM kill: driver and executor memory times the factor, capped. */
    interface OomRetry {

        /** The multiplier per OOM kill of the driver, 1 to 10. */
        @WithDefault("1.5")
        double factor();

        /** The most driver (and executor) memory an attempt gets; an OOM kill at it fails the task. */
        @WithDefault("16Gi")
        String maxMemory();
    }

    /** Spark in local mode, in a child JVM. */
    interface Local {

        /**
         * The child JVM's classpath: entries separated by commas, each a jar, a folder's jars
         * ({@code dir/*}) or {@code @file}, a file holding a classpath (what the build of
         * {@code plugins/spark-runner} writes to {@code target/spark-classpath.txt}). It must hold
         * Spark and Kite's runner jar ({@code kite-spark-runner.jar}). Without it, local mode is
         * unhealthy.
         */
        Optional<List<String>> classpath();

        /** The {@code java} executable of the child JVM; the one running Kite when absent. */
        Optional<String> java();

        /** {@code local[N]}: how many cores a local job uses. */
        @WithDefault("1")
        int parallelism();

        /** The child JVM's heap ({@code -Xmx}), unless the task sets {@code driver.memory}. */
        @WithDefault("1g")
        String driverMemory();

        /** Extra options of the child JVM. */
        Optional<List<String>> javaOptions();

        /** How much of the end of a failed job's log its error quotes. */
        @WithDefault("2000")
        int logTailChars();
    }

    /** Scheduling of executors of interruptible attempts. */
    interface Interruptible {

        /** Tolerations of executor pods of interruptible attempts, {@code key[=value]:Effect}. */
        Optional<List<String>> tolerations();

        /** Node labels executor pods of interruptible attempts require. */
        Map<String, String> nodeSelector();
    }
}
