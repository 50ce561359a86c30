package dev.kite.plugin.spark;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;

import dev.kite.spi.TaskContext;
import dev.kite.spi.kubernetes.ContainerSpec;
import dev.kite.spi.kubernetes.MemoryRetry;
import dev.kite.spi.kubernetes.TaskPod;

/**
 * The SparkApplication ({@code sparkoperator.k8s.io/v1beta2}) of one attempt of a {@code spark}
 * task. Pure: the task's config over the plugin's defaults, the attempt's env and memory.
 */
final class SparkApplications {

    static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
    static final String KIND = "SparkApplication";
    /** The driver's container, as the operator names it: the attempt's log. */
    static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
    static final String DEFAULT_MEMORY = "1g";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the plugin adds to every application, read once from {@code kite.spark.*}.
     *
     * @param image                    the default image, or null
     * @param sparkVersion             the default Spark version
     * @param serviceAccount           the driver's default service account, or null
     * @param sparkConf                default Spark properties
     * @param hadoopConf               default Hadoop properties
     * @param timeToLiveSeconds        the operator's clean-up of ended applications
     * @param interruptibleTolerations tolerations of executors of interruptible attempts
     * @param interruptibleNodeSelector node labels executors of interruptible attempts require
     * @param podTemplate              the pod the driver and executors start from, or null
     */
    record Defaults(String image, String sparkVersion, String serviceAccount, Map<String, String> sparkConf,
            Map<String, String> hadoopConf, long timeToLiveSeconds, List<Toleration> interruptibleTolerations,
            Map<String, String> interruptibleNodeSelector, Pod podTemplate) {
    }

    private SparkApplications() {
    }

    /** The driver pod's name: the operator names it after the application. */
    static String driverPod(String application) {
        return application + "-driver";
    }

    static GenericKubernetesResource build(SparkJob job, TaskContext<?> ctx, Defaults d, Instant now) {
        SparkConfig c = job.config;
        ObjectNode spec = JSON.createObjectNode();
        spec.put("type", SparkJob.type(c));
        spec.put("mode", "cluster");
        String image = c.image() != null ? c.image() : d.image();
        if (image != null) {
            spec.put("image", image);
        }
        if (!SparkJob.blank(c.mainClass())) {
            spec.put("mainClass", c.mainClass());
        }
        if (!SparkJob.blank(c.mainApplicationFile())) {
            spec.put("mainApplicationFile", c.mainApplicationFile());
        }
        ArrayNode args = spec.putArray("arguments");
        // the driver's arguments reach its container's args, where the kubelet reads $(NAME): escaped
        job.arguments(Map.of("inputs", ctx.inputs()), ContainerSpec.VALUE).forEach(args::add);
        spec.put("sparkVersion", c.sparkVersion() != null ? c.sparkVersion() : d.sparkVersion());
        spec.set("sparkConf", merged(d.sparkConf(), c.sparkConf()));
        spec.set("hadoopConf", merged(d.hadoopConf(), c.hadoopConf()));
        // Kite owns retries: the operator's own double-count and can get stuck (SUBMISSION_FAILED, PENDING_RERUN)
        spec.putObject("restartPolicy").put("type", "Never");
        spec.put("timeToLiveSeconds", c.timeToLiveSeconds() != null ? c.timeToLiveSeconds() : d.timeToLiveSeconds());

        int kills = MemoryRetry.oomKills(ctx.previousErrors());
        String driverMemory = memory(job, c.driver() == null ? null : c.driver().memory(), kills);
        spec.set("driver", driver(c, ctx, d, driverMemory));
        spec.set("executor", executor(c, ctx, d, memory(job, c.executor() == null ? null : c.executor().memory(), kills)));

        GenericKubernetesResource app = new GenericKubernetesResource();
        app.setApiVersion(API_VERSION);
        app.setKind(KIND);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(ctx.generatedName());
        meta.setAnnotations(new LinkedHashMap<>(Map.of(MemoryRetry.ANNOTATION, driverMemory)));
        app.setMetadata(meta);
        app.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
        return app;
    }

    /** The memory (a JVM memory string) after {@code kills} OOM kills: the task's, else {@value #DEFAULT_MEMORY}, grown. */
    private static String memory(SparkJob job, String given, int kills) {
        String base = given != null ? given : DEFAULT_MEMORY;
        long bytes = MemoryRetry.sparkBytes(base);
        double m = job.memory.multiplier(bytes, kills);
        return m == 1 ? base : MemoryRetry.spark(MemoryRetry.scale(bytes, m));
    }

    private static ObjectNode driver(SparkConfig c, TaskContext<?> ctx, Defaults d, String memory) {
        ObjectNode driver = JSON.createObjectNode();
        driver.put("cores", c.driver() != null && c.driver().cores() != null ? c.driver().cores() : 1);
        driver.put("memory", memory);
        String account = c.driver() != null && c.driver().serviceAccount() != null ? c.driver().serviceAccount()
                : d.serviceAccount();
        if (account != null) {
            driver.put("serviceAccount", account);
        }
        ArrayNode env = driver.putArray("env");
        env(ctx).forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        template(driver, d);
        return driver;
    }

    private static ObjectNode executor(SparkConfig c, TaskContext<?> ctx, Defaults d, String memory) {
        ObjectNode executor = JSON.createObjectNode();
        executor.put("cores", c.executor() != null && c.executor().cores() != null ? c.executor().cores() : 1);
        executor.put("instances", c.executor() != null && c.executor().instances() != null ? c.executor().instances() : 1);
        executor.put("memory", memory);
        if (ctx.interruptible()) {
            // only executors go on preemptible capacity: losing the driver loses the application
            if (!d.interruptibleTolerations().isEmpty()) {
                executor.set("tolerations", JSON.valueToTree(d.interruptibleTolerations()));
            }
            if (!d.interruptibleNodeSelector().isEmpty()) {
                executor.set("nodeSelector", JSON.valueToTree(d.interruptibleNodeSelector()));
            }
        }
        template(executor, d);
        return executor;
    }

    /** The operator's {@code template} (a PodTemplateSpec) from {@code kite.spark.pod-template}. */
    private static void template(ObjectNode role, Defaults d) {
        if (d.podTemplate() != null) {
            ObjectNode t = role.putObject("template");
            t.set("metadata", JSON.valueToTree(d.podTemplate().getMetadata()));
            t.set("spec", JSON.valueToTree(d.podTemplate().getSpec()));
        }
    }

    /** The driver's env: Kite's variables, and where the job writes its outputs. */
    static Map<String, String> env(TaskContext<?> ctx) {
        Map<String, String> env = new LinkedHashMap<>(TaskPod.kiteEnv(ctx));
        env.remove("KITE_INPUTS"); // no inputs file on a driver: inputs reach it as arguments
        env.put("KITE_RAW_OUTPUT", ctx.rawOutputPrefix().toString());
        env.put("KITE_OUTPUTS", SparkOutputs.outputsFile(ctx).toString());
        return env;
    }

    private static ObjectNode merged(Map<String, String> defaults, Map<String, String> task) {
        ObjectNode n = JSON.createObjectNode();
        new java.util.TreeMap<>(defaults).forEach(n::put);
        new java.util.TreeMap<>(task).forEach(n::put);
        return n;
    }

    /** The application's spec as a tree (for status mapping and tests). */
    static JsonNode spec(GenericKubernetesResource app) {
        return JSON.valueToTree(app.getAdditionalProperties().get("spec"));
    }

    /** The application's status as a tree; a missing node when there is none. */
    static JsonNode status(GenericKubernetesResource app) {
        Object s = app.getAdditionalProperties().get("status");
        return s == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : JSON.valueToTree(s);
    }
}
