package dev.kite.plugin.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.DatasetType;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Variable;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;
import dev.kite.spi.kubernetes.ContainerSpec;
import dev.kite.spi.kubernetes.MemoryRetry;
import dev.kite.spi.kubernetes.TaskPod;

/**
 * The {@code spark} task type in local mode: Spark {@code local[N]} in a child JVM of Kite (never
 * in Kite's own JVM), either the task's application jar and main class, or SQL statements run by
 * Kite's SQL runner ({@code dev.kite.spark.runner.SqlJob}). Serves {@code spark} when
 * {@code kite.spark.mode=local}, or {@code auto} without a cluster. Cancel and timeout kill the
 * child JVM and its children; the job's stdout and stderr go to {@code driver.log} under the
 * attempt's raw output location. User guide: {@code src/docs/spark-tasks.md}.
 */
@ApplicationScoped
@TaskTypes(SparkOperatorPlugin.TYPE)
public class SparkLocalPlugin implements SyncPlugin<SparkConfig> {

    public static final String NAME = "spark-local";
    static final String SQL_RUNNER = "dev.kite.spark.runner.SqlJob";
    static final String LOG_FILE = "driver.log";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SparkSettings settings;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SparkConfig> configType() {
        return SparkConfig.class;
    }

    @Override
    public boolean blocking() {
        return true;
    }

    /** Unhealthy in Kubernetes mode, and without Spark's classpath. */
    @Override
    public void check() {
        if (settings.mode() == SparkSettings.Mode.KUBERNETES) {
            throw new IllegalStateException("kite.spark.mode=kubernetes: spark tasks run on Kubernetes");
        }
        classpath();
        memoryDefaults();
    }

    @Override
    public void validate(TaskTemplate task, SparkConfig config, FieldErrors errors) {
        SparkJob.compile(task, config, true, memoryDefaults(), errors);
    }

    MemoryRetry memoryDefaults() {
        return MemoryRetry.ofSettings("kite.spark", settings.oomRetry().factor(), settings.oomRetry().maxMemory());
    }

    /** The child JVM's classpath from {@code kite.spark.local.classpath}; throws naming what is missing. */
    String classpath() {
        List<String> entries = settings.local().classpath().orElseThrow(() -> new IllegalStateException(
                "kite.spark.local.classpath is not set: local Spark needs Spark's jars (build plugins/spark-runner and"
                        + " name its target/kite-spark-runner.jar and @target/spark-classpath.txt)"));
        return SparkClasspath.resolve(entries);
    }

    @Override
    public Uni<TaskResult> run(TaskContext<SparkConfig> ctx) {
        return Uni.createFrom().item(() -> runBlocking(ctx));
    }

    private TaskResult runBlocking(TaskContext<SparkConfig> ctx) {
        SparkJob job = SparkJob.forAttempt(ctx.task(), ctx.config(), true, memoryDefaults());
        String classpath;
        try {
            classpath = classpath();
        } catch (IllegalStateException e) {
            return TaskResult.failed(TaskError.systemFatal("SPARK_UNAVAILABLE", e.getMessage()));
        }
        Path raw = local(ctx, ctx.rawOutputPrefix(), "the raw output location");
        Path work = null;
        try {
            Files.createDirectories(raw);
            work = Files.createTempDirectory("kite-spark-" + ctx.generatedName() + "-");
            Path log = raw.resolve(LOG_FILE);
            long heapBase = MemoryRetry.sparkBytes(job.config.driver() != null && job.config.driver().memory() != null
                    ? job.config.driver().memory() : settings.local().driverMemory());
            double m = job.memory.multiplier(heapBase, MemoryRetry.oomKills(ctx.previousErrors()));
            long heap = MemoryRetry.scale(heapBase, m);
            LocalSparkProcess.Launch launch = launch(ctx, job, classpath, work, MemoryRetry.spark(heap));
            LocalSparkProcess.Ended ended = LocalSparkProcess.run(launch, work, log, ctx.deadline());
            if (ended.timedOut()) {
                return TaskResult.failed(TaskError.userRecoverable("TIMEOUT", "the Spark job ran past the attempt's deadline"
                        + " and was killed; its log: " + ctx.rawOutputPrefix().resolve(LOG_FILE)));
            }
            if (ended.exitCode() != 0) {
                return TaskResult.failed(failure(ctx, job, ended.exitCode(), log, heap));
            }
            ObjectNode outputs = SparkOutputs.collect(ctx).await().indefinitely();
            return TaskResult.succeeded(outputs);
        } catch (IOException e) {
            return TaskResult.failed(TaskError.system("SPARK_IO", "could not run the local Spark job: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskResult.failed(TaskError.system("INTERRUPTED", "the local Spark job was stopped"));
        } finally {
            deleteQuietly(work);
        }
    }

    private TaskError failure(TaskContext<SparkConfig> ctx, SparkJob job, int exit, Path log, long heap) {
        String tail = LocalSparkProcess.tail(log, settings.local().logTailChars());
        if (LocalSparkProcess.outOfMemory(log)) {
            TaskError oom = job.memory.oomKilled("the local Spark driver", heap, "config.oomRetry.maxMemory");
            return new TaskError(oom.kind(), oom.recoverable(), oom.code(), oom.message().replace("(OOMKilled)",
                    "(java.lang.OutOfMemoryError)"));
        }
        TaskError user = TaskError.user("EXIT_CODE", "the Spark job exited with code " + exit + "; the end of its log ("
                + ctx.rawOutputPrefix().resolve(LOG_FILE) + "):\n" + tail);
        return SparkOutputs.declaredError(ctx, user).await().indefinitely();
    }

    private LocalSparkProcess.Launch launch(TaskContext<SparkConfig> ctx, SparkJob job, String classpath, Path work,
            String heap) throws IOException {
        SparkConfig c = job.config;
        Map<String, String> conf = new LinkedHashMap<>(settings.sparkConf());
        conf.putAll(c.sparkConf());
        conf.putIfAbsent("spark.ui.enabled", "false");
        conf.putIfAbsent("spark.sql.shuffle.partitions", Integer.toString(settings.local().parallelism()));
        conf.put("spark.local.dir", work.toString());
        Map<String, String> hadoop = new LinkedHashMap<>(settings.hadoopConf());
        hadoop.putAll(c.hadoopConf());
        hadoop.forEach((k, v) -> conf.put("spark.hadoop." + k, v));
        Map<String, String> env = new LinkedHashMap<>(TaskPod.kiteEnv(ctx));
        env.remove("KITE_INPUTS");
        env.put("KITE_TASK", ctx.taskId().toString());
        env.put("KITE_RAW_OUTPUT", ctx.rawOutputPrefix().toString());
        env.put("KITE_OUTPUTS", SparkOutputs.outputsFile(ctx).toString());
        String java = settings.local().java().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> options = settings.local().javaOptions().orElse(List.of());
        if (job.sqlMode()) {
            Path file = work.resolve("job.json");
            Files.writeString(file, JSON.writeValueAsString(sqlJob(ctx, job)), StandardCharsets.UTF_8);
            return new LocalSparkProcess.Launch(java, classpath, heap, options, ctx.generatedName(),
                    settings.local().parallelism(), conf, SQL_RUNNER, LocalSparkProcess.INTERNAL, List.of(file.toString()), env);
        }
        String jar = c.mainApplicationFile();
        Path jarPath = jar.startsWith("file:") ? Path.of(URI.create(jar)) : Path.of(jar);
        if (!Files.isRegularFile(jarPath)) {
            throw new TaskException(TaskError.user("NO_APPLICATION", "config.mainApplicationFile: " + jar + " is not a file"));
        }
        return new LocalSparkProcess.Launch(java, classpath, heap, options, ctx.generatedName(), settings.local().parallelism(),
                conf, SparkJob.blank(c.mainClass()) ? null : c.mainClass(), jarPath.toString(),
                job.arguments(Map.of("inputs", ctx.inputs()), ContainerSpec::typedText), env);
    }

    /** The SQL runner's job file: dataset inputs as views, scalars as parameters, outputs with their paths. */
    private static ObjectNode sqlJob(TaskContext<SparkConfig> ctx, SparkJob job) {
        ObjectNode j = JSON.createObjectNode();
        j.put("name", ctx.generatedName());
        ObjectNode views = j.putObject("views");
        ObjectNode params = j.putObject("params");
        for (Map.Entry<String, Variable> in : ctx.task().iface().inputs().entrySet()) {
            JsonNode v = ctx.inputs().get(in.getKey());
            if (v == null || v.isNull()) {
                continue;
            }
            if (in.getValue().type() instanceof DatasetType d) {
                String format = v.path("format").asText("");
                format = !format.isEmpty() ? format : d.format().isEmpty() ? "parquet" : d.format();
                Path path = local(ctx, URI.create(v.path("uri").asText()), "input '" + in.getKey() + "'");
                views.putObject(in.getKey()).put("path", path.toString()).put("format", format);
            } else if (v.isValueNode()) {
                params.set(in.getKey(), v);
            }
        }
        job.config.sql().forEach(j.putArray("statements")::add);
        ObjectNode outs = j.putObject("outputs");
        for (Map.Entry<String, String> o : job.config.outputs().entrySet()) {
            ObjectNode out = outs.putObject(o.getKey()).put("query", o.getValue());
            Variable declared = ctx.task().iface().outputs().get(o.getKey());
            if (declared.type() instanceof DatasetType d) {
                out.put("path", local(ctx, SparkOutputs.location(ctx, o.getKey(), d), "output '" + o.getKey() + "'").toString());
                out.put("format", d.format().isEmpty() ? "parquet" : d.format());
            }
        }
        j.put("outputsFile", local(ctx, SparkOutputs.outputsFile(ctx), "the outputs file").toString());
        return j;
    }

    /** The local file behind a data store URI; local mode reads and writes local data only. */
    private static Path local(TaskContext<?> ctx, URI uri, String what) {
        return ctx.data().localPath(uri).orElseThrow(() -> new TaskException(TaskError.systemFatal("NOT_LOCAL",
                "local Spark reads and writes the local filesystem store only; " + what + " is " + uri)));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary folder: the OS cleans it eventually
        }
    }
}
