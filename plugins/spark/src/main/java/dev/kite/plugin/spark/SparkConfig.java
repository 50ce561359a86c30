package dev.kite.plugin.spark;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code config} of a {@code spark} task. User guide: {@code src/docs/spark-tasks.md}.
 *
 * @param type                Java, Scala, Python or R (the SparkApplication's {@code type});
 *                            Scala when absent and a main class is given, Python for a {@code .py}
 *                            main file
 * @param image               the Spark image (Kubernetes); {@code kite.spark.image} when absent
 * @param mainApplicationFile the jar, Python or R file (a URI the driver can read, e.g.
 *                            {@code local:///opt/spark/jobs/wc.jar}, {@code s3a://...})
 * @param mainClass           the main class (Java/Scala)
 * @param arguments           the application's arguments, templates over the inputs
 * @param sparkConf           Spark properties, over {@code kite.spark.spark-conf.*}
 * @param hadoopConf          Hadoop properties, over {@code kite.spark.hadoop-conf.*}
 * @param sparkVersion        the Spark version of the image (the operator requires one);
 *                            {@code kite.spark.spark-version} when absent
 * @param driver              the driver's resources
 * @param executor            the executors' resources
 * @param sql                 SQL mode (local): statements run in order, scalar inputs as named
 *                            parameters ({@code :name}), dataset inputs as views
 * @param outputs             SQL mode (local): output name to the query that produces it
 * @param timeToLiveSeconds   how long the operator keeps an ended application (Kite deletes it
 *                            itself; this is the backstop); {@code kite.spark.time-to-live} when absent
 * @param oomRetry            {@code {"factor": 1.5, "maxMemory": "8Gi"}} over {@code kite.spark.oom-retry.*}
 */
public record SparkConfig(String type, String image, String mainApplicationFile, String mainClass, List<String> arguments,
        Map<String, String> sparkConf, Map<String, String> hadoopConf, String sparkVersion, Driver driver,
        Executor executor, List<String> sql, Map<String, String> outputs, Long timeToLiveSeconds, JsonNode oomRetry) {

    public SparkConfig {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        sparkConf = sparkConf == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sparkConf));
        hadoopConf = hadoopConf == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hadoopConf));
        sql = sql == null ? List.of() : List.copyOf(sql);
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outputs));
    }

    /**
     * The driver: cores, memory (a JVM memory string, {@code 1g}), service account (over
     * {@code kite.spark.service-account}).
     */
    public record Driver(Integer cores, String memory, String serviceAccount) {
    }

    /** The executors: cores, memory ({@code 2g}) and how many. */
    public record Executor(Integer cores, String memory, Integer instances) {
    }
}
