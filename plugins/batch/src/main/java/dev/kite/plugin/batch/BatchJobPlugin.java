package dev.kite.plugin.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.JobDetail;

import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.PluginHealth;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/**
 * The task type {@code batch}: a job on AWS Batch. The job name is the attempt's generated name
 * and the handle its job id; a job of that name already on the queue is re-attached instead of
 * submitted again. Polls of all attempts go through one {@link DescribeBatcher}. Batch-level
 * retries are off (Kite retries); FAILED jobs are classified by {@link BatchFailures}; a job that
 * waits in the queue past {@code kite.batch.queue-timeout} is terminated. SDK calls block, so they
 * run on the worker pool.
 */
@ApplicationScoped
@TaskTypes(BatchJobPlugin.TYPE)
public class BatchJobPlugin implements AsyncPlugin<BatchTaskConfig, BatchHandle> {

    /** The task type. */
    public static final String TYPE = "batch";

    @Inject
    BatchConfig config;

    /** The client and what calls it; built on first use (building the SDK client is not cheap). */
    private record Started(BatchClient client, DescribeBatcher batcher, BatchSubmitter submitter) {
    }

    private volatile Started started;
    private AwsCredentialsProvider credentials;
    /** Why the plugin cannot call Batch (its credential secrets are missing), or null. */
    private String notConfigured;
    private Clock clock = Clock.systemUTC();

    /** For CDI. */
    public BatchJobPlugin() {
    }

    /** Outside CDI: with its own client and clock; {@code ticking} false leaves {@link #batcher()} ticks to the caller. */
    BatchJobPlugin(BatchConfig config, BatchClient client, Clock clock, boolean ticking) {
        this.config = config;
        this.clock = clock;
        this.started = start(client, ticking);
    }

    /** Reads the credential settings (no client yet: the first call builds it, see {@link #started()}). */
    @PostConstruct
    void init() {
        try {
            credentials = BatchClients.credentials(config);
        } catch (BatchClients.NotConfigured e) {
            // down, not a failed start: Kite keeps serving its other task types (health(), readiness)
            notConfigured = e.getMessage();
        }
    }

    private Started start(BatchClient c, boolean ticking) {
        return new Started(c, new DescribeBatcher(c, config.describeBatchSize(), ticking ? config.describeRatePerSecond() : 0),
                new BatchSubmitter(c, new JobDefinitions(c), config, clock));
    }

    /** The client and its users, built on the first call that needs them (blocking: off the event loop). */
    private Started started() {
        Started s = started;
        if (s == null) {
            synchronized (this) {
                if (started == null) {
                    started = start(BatchClients.create(config, credentials), true);
                }
                s = started;
            }
        }
        return s;
    }

    @PreDestroy
    synchronized void close() {
        if (started != null) {
            started.batcher().close();
            started.client().close();
        }
    }

    /** Down while the credentials the settings name are missing; its tasks then fail with {@code BATCH_NOT_CONFIGURED}. */
    @Override
    public PluginHealth health() {
        return notConfigured == null ? PluginHealth.up() : PluginHealth.down(notConfigured);
    }

    /** Fails a call of a plugin that cannot reach Batch, with a SYSTEM non-recoverable error naming the setting. */
    private <T> Uni<T> unlessNotConfigured(Supplier<Uni<T>> call) {
        if (notConfigured != null) {
            return Uni.createFrom().failure(new TaskException(TaskError.systemFatal("BATCH_NOT_CONFIGURED",
                    "the batch plugin cannot call AWS Batch: " + notConfigured)));
        }
        return call.get();
    }

    DescribeBatcher batcher() {
        return started().batcher();
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Class<BatchTaskConfig> configType() {
        return BatchTaskConfig.class;
    }

    @Override
    public Class<BatchHandle> handleType() {
        return BatchHandle.class;
    }

    @Override
    public void validate(TaskTemplate task, BatchTaskConfig c, FieldErrors errors) {
        BatchSpec.compile(task, c, config.defaultQueue().orElse(null), errors);
    }

    private BatchSpec spec(TaskContext<BatchTaskConfig> ctx) {
        FieldErrors errors = new FieldErrors();
        BatchSpec spec = BatchSpec.compile(ctx.task(), ctx.config(), config.defaultQueue().orElse(null), errors);
        if (spec == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG", errors.toString()));
        }
        return spec;
    }

    @Override
    public Uni<BatchHandle> submit(TaskContext<BatchTaskConfig> ctx) {
        return unlessNotConfigured(() -> blocking(() -> started().submitter().submit(spec(ctx), ctx)));
    }

    @Override
    public Uni<TaskStatus> poll(TaskContext<BatchTaskConfig> ctx, BatchHandle h) {
        return unlessNotConfigured(() -> describe(ctx, h));
    }

    private Uni<TaskStatus> describe(TaskContext<BatchTaskConfig> ctx, BatchHandle h) {
        if (started == null) {
            // the first call after a restart (a resumed attempt): the client is built on the worker pool
            return blocking(this::started).chain(s -> describe(ctx, h));
        }
        DescribeBatcher batcher = started.batcher();
        if (h.jobId() == null) {
            return Uni.createFrom().item(() -> ArrayOutcome.decide(spec(ctx), ctx, h, null, batcher));
        }
        return Uni.createFrom().completionStage(() -> batcher.describe(h.jobId()))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(job -> job == null ? status(ctx, h, null)
                        : status(ctx, h, job).withLinks(BatchLinks.of(config.region(), job)));
    }

    private TaskStatus status(TaskContext<BatchTaskConfig> ctx, BatchHandle h, JobDetail job) {
        if (job == null) {
            return TaskStatus.failed(TaskError.system("JOB_NOT_FOUND", "Batch does not know job " + h.jobId() + " ("
                    + h.jobName() + ") any more"));
        }
        String about = "Batch job " + job.jobId() + " " + job.statusAsString() + ArrayOutcome.progress(job);
        switch (job.status()) {
            case SUBMITTED, PENDING, RUNNABLE:
                if (queuedTooLong(job)) {
                    terminate(job.jobId(), "Kite: execution " + ctx.executionId() + " attempt " + ctx.attempt()
                            + " waited longer than kite.batch.queue-timeout (" + config.queueTimeout() + ") in the queue");
                    return TaskStatus.failed(TaskError.system("QUEUE_TIMEOUT", "job " + job.jobId() + " waited in "
                            + job.statusAsString() + " longer than kite.batch.queue-timeout (" + config.queueTimeout()
                            + "): the queue " + job.jobQueue() + " has no capacity that fits the job"));
                }
                return TaskStatus.queued(about);
            case STARTING:
                return TaskStatus.queued(about);
            case RUNNING:
                return TaskStatus.running(about);
            case SUCCEEDED:
                return h.arraySize() > 0 ? ArrayOutcome.decide(spec(ctx), ctx, h, job, batcher()) : succeeded();
            case FAILED:
                return h.arraySize() > 0 ? ArrayOutcome.decide(spec(ctx), ctx, h, job, batcher())
                        : TaskStatus.failed(BatchFailures.classify(job));
            default:
                return TaskStatus.failed(TaskError.system("BATCH_UNKNOWN_STATUS", "job " + job.jobId()
                        + " has a status Kite does not know: " + job.statusAsString()));
        }
    }

    private static TaskStatus succeeded() {
        ObjectNode none = JsonNodeFactory.instance.objectNode();
        return TaskStatus.succeeded(none);
    }

    private boolean queuedTooLong(JobDetail job) {
        if (job.createdAt() == null) {
            return false;
        }
        Instant created = Instant.ofEpochMilli(job.createdAt());
        return Duration.between(created, clock.instant()).compareTo(config.queueTimeout()) > 0;
    }

    @Override
    public Uni<Void> cancel(TaskContext<BatchTaskConfig> ctx, BatchHandle h) {
        if (h.jobId() == null) {
            return Uni.createFrom().voidItem();
        }
        return unlessNotConfigured(() -> blocking(() -> {
            terminate(h.jobId(), "Kite: execution " + ctx.executionId() + " attempt " + ctx.attempt()
                    + " was aborted or timed out");
            return null;
        }));
    }

    private void terminate(String jobId, String reason) {
        started().client().terminateJob(b -> b.jobId(jobId).reason(reason.length() > 1000 ? reason.substring(0, 1000) : reason));
    }

    /** Runs SDK calls on the worker pool; Batch's 4xx answers (not throttling) become USER errors. */
    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(BatchException.class).transform(f -> {
                    BatchException e = (BatchException) f;
                    if (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429) {
                        return new TaskException(TaskError.user("BATCH_REJECTED", "AWS Batch refused the request: "
                                + e.awsErrorDetails().errorMessage()), e);
                    }
                    return f;
                });
    }
}
