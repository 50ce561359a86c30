package dev.kite.plugin.batch;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code batch} task type (AWS Batch), under {@code kite.batch.}. Read at run time. */
@ConfigMapping(prefix = "kite.batch")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface BatchConfig {

    /** The AWS region of the job queues, e.g. {@code eu-west-1}. */
    @WithDefault("us-east-1")
    String region();

    /** Another Batch endpoint than the region's (a VPC endpoint, or a test server). */
    Optional<URI> endpointOverride();

    /**
     * The name of the secret ({@code kite.secrets."<name>"}) holding the access key id. Without it
     * (and {@code secret-access-key-secret}) credentials come from the SDK's default provider chain
     * (environment, profile, container or instance role). Secret values are never logged.
     */
    Optional<String> accessKeyIdSecret();

    /** The name of the secret ({@code kite.secrets."<name>"}) holding the secret access key. */
    Optional<String> secretAccessKeySecret();

    /** The job queue of tasks whose config names none. */
    Optional<String> defaultQueue();

    /** Most job ids in one DescribeJobs call (Batch accepts at most 100). */
    @WithDefault("100")
    int describeBatchSize();

    /** DescribeJobs calls per second that one Kite process makes at most, for all Batch attempts together. */
    @WithDefault("5")
    double describeRatePerSecond();

    /**
     * How long a job may wait in SUBMITTED, PENDING or RUNNABLE (counted from its creation) before
     * Kite terminates it and fails the attempt with SYSTEM recoverable {@code QUEUE_TIMEOUT}.
     * Batch's own timeout counts from the start only, so without this a job stuck in RUNNABLE waits forever.
     */
    @WithDefault("1h")
    Duration queueTimeout();

    /**
     * Largest JSON of an array job's collection that is also passed inline, in
     * {@code KITE_ARRAY_ELEMENTS}, in bytes (0: never). Every child can always read its element from
     * the object store ({@code KITE_ARRAY_INPUTS}); a larger collection is just not inlined.
     */
    @WithDefault("8192")
    int arrayEnvMaxBytes();
}
