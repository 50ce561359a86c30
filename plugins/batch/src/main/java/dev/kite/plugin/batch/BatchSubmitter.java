package dev.kite.plugin.batch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

import dev.kite.model.Canonical;
import dev.kite.model.Templates;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskTrace;

/**
 * Submits an attempt's job once: the job name is the attempt's generated name, and a job of that
 * name already on the queue (a crash between SubmitJob and the engine persisting the handle) is
 * re-attached instead of submitted again.
 */
final class BatchSubmitter {

    /** Batch's least attempt timeout. */
    static final long MIN_TIMEOUT_SECONDS = 60;

    /**
     * SubmitJob is sent once per call: the SDK's own retry of a call whose answer was lost (a read
     * timeout, a 5xx after Batch created the job) would create a second job. A failed submit fails
     * the call instead; the engine calls submit again, and that looks for the job by name first.
     */
    static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
            config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());

    private final BatchClient client;
    private final JobDefinitions definitions;
    private final BatchConfig config;
    private final Clock clock;
    private final Map<String, Object> inFlight = new ConcurrentHashMap<>();

    BatchSubmitter(BatchClient client, JobDefinitions definitions, BatchConfig config, Clock clock) {
        this.client = client;
        this.definitions = definitions;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Blocking: the handle of the attempt's job, submitted now or found on the queue. Calls for the
     * same attempt run one after the other: a retry of a slow submit (the engine's plugin timeout)
     * waits for it, and then finds its job by name instead of submitting a second one.
     */
    BatchHandle submit(BatchSpec spec, TaskContext<BatchTaskConfig> ctx) {
        String name = ctx.generatedName();
        Object lock = inFlight.computeIfAbsent(name, n -> new Object());
        synchronized (lock) {
            try {
                return submitOnce(spec, ctx, name);
            } finally {
                inFlight.remove(name, lock);
            }
        }
    }

    private BatchHandle submitOnce(BatchSpec spec, TaskContext<BatchTaskConfig> ctx, String name) {
        int arraySize = arraySize(spec, ctx);
        Optional<String> existing = existing(spec.queue(), name);
        if (existing.isPresent()) {
            return new BatchHandle(existing.get(), name, arraySize);
        }
        if (spec.arrayInput() != null && arraySize == 0) {
            return new BatchHandle(null, name, 0); // nothing to run: succeeds with an empty collection
        }
        BatchTaskConfig c = spec.config();
        String definition = c.jobDefinition() != null ? c.jobDefinition() : definitions.resolve(c, spec.fargate());
        if (arraySize > 0) {
            ArrayData.writeInputs(ctx, ctx.inputs().get(spec.arrayInput()));
        }
        String id = client.submitJob(request(spec, ctx, name, definition, arraySize)).jobId();
        return new BatchHandle(id, name, arraySize);
    }

    /** The newest job of this name on the queue, in any state. */
    Optional<String> existing(String queue, String name) {
        List<JobSummary> found = new ArrayList<>();
        client.listJobsPaginator(b -> b.jobQueue(queue).filters(f -> f.name("JOB_NAME").values(name)))
                .jobSummaryList().forEach(found::add);
        return found.stream().filter(j -> name.equals(j.jobName()))
                .max(Comparator.comparing(j -> j.createdAt() == null ? 0L : j.createdAt()))
                .map(JobSummary::jobId);
    }

    private static int arraySize(BatchSpec spec, TaskContext<?> ctx) {
        if (spec.arrayInput() == null) {
            return 0;
        }
        JsonNode items = ctx.inputs().get(spec.arrayInput());
        return items == null || !items.isArray() ? 0 : items.size();
    }

    private SubmitJobRequest request(BatchSpec spec, TaskContext<BatchTaskConfig> ctx, String name, String definition,
            int arraySize) {
        Map<String, JsonNode> data = Map.of("inputs", ctx.inputs());
        List<String> command = new ArrayList<>();
        for (Templates.Template t : spec.command()) {
            command.add(render(t, data));
        }
        List<KeyValuePair> env = new ArrayList<>();
        spec.environment().forEach((k, t) -> env.add(pair(k, render(t, data))));
        if (spec.arrayInput() != null) {
            env.addAll(arrayEnvironment(ctx, ctx.inputs().get(spec.arrayInput()), arraySize));
        }
        if (!spec.environment().containsKey(TaskTrace.ENV)) {
            ctx.trace().traceparent().ifPresent(tp -> env.add(pair(TaskTrace.ENV, tp)));
        }
        BatchTaskConfig c = spec.config();
        long seconds = Math.max(MIN_TIMEOUT_SECONDS, Duration.between(clock.instant(), ctx.deadline()).toSeconds());
        SubmitJobRequest.Builder b = SubmitJobRequest.builder()
                .jobName(name)
                .jobQueue(spec.queue())
                .jobDefinition(definition)
                .overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES))
                .timeout(t -> t.attemptDurationSeconds((int) Math.min(Integer.MAX_VALUE, seconds)))
                .retryStrategy(r -> r.attempts(1))
                .propagateTags(true)
                .tags(tags(ctx))
                .containerOverrides(o -> {
                    if (!command.isEmpty()) {
                        o.command(command);
                    }
                    if (!env.isEmpty()) {
                        o.environment(env);
                    }
                    var resources = JobDefinitions.resources(c.vcpus(), c.memory(), c.gpus());
                    if (!resources.isEmpty()) {
                        o.resourceRequirements(resources);
                    }
                });
        if (arraySize > 1) {
            b.arrayProperties(a -> a.size(arraySize));
        }
        return b.build();
    }

    private static String render(Templates.Template t, Map<String, JsonNode> data) {
        try {
            return t.render(data, Templates.TEXT);
        } catch (Templates.RenderException e) {
            throw new TaskException(TaskError.user("INVALID_INPUT", e.getMessage()));
        }
    }

    /**
     * Where each child finds its element and puts its output: {@code KITE_ARRAY_INPUTS} and
     * {@code KITE_ARRAY_OUTPUTS} (prefixes in the object store, {@code <index>.json} under them, the
     * index being {@code AWS_BATCH_JOB_ARRAY_INDEX}), {@code KITE_ARRAY_SIZE}, and the whole
     * collection inline in {@code KITE_ARRAY_ELEMENTS} while its JSON fits
     * {@code kite.batch.array-env-max-bytes} (Batch gives every child the same overrides). Kite sets
     * {@code AWS_BATCH_JOB_ARRAY_INDEX=0} for a collection of one, which runs as a plain job because
     * Batch rejects arrays of size 1.
     */
    private List<KeyValuePair> arrayEnvironment(TaskContext<?> ctx, JsonNode items, int size) {
        List<KeyValuePair> env = new ArrayList<>();
        env.add(pair("KITE_ARRAY_INPUTS", ArrayData.inputs(ctx).toString()));
        env.add(pair("KITE_ARRAY_OUTPUTS", ArrayData.outputs(ctx).toString()));
        env.add(pair("KITE_ARRAY_SIZE", Integer.toString(size)));
        String json = Canonical.json(items);
        if (json.getBytes(StandardCharsets.UTF_8).length <= config.arrayEnvMaxBytes()) {
            env.add(pair("KITE_ARRAY_ELEMENTS", json));
        }
        if (size == 1) {
            env.add(pair("AWS_BATCH_JOB_ARRAY_INDEX", "0"));
        }
        return env;
    }

    private static KeyValuePair pair(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }

    private static Map<String, String> tags(TaskContext<?> ctx) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("kite:project", ctx.taskId().project());
        tags.put("kite:domain", ctx.taskId().domain());
        tags.put("kite:task", ctx.taskId().name() + "@" + ctx.taskId().version());
        tags.put("kite:execution", ctx.executionId().toString());
        tags.put("kite:attempt", Integer.toString(ctx.attempt()));
        tags.replaceAll((k, v) -> v.length() > 256 ? v.substring(0, 256) : v);
        return tags;
    }
}
