package dev.kite.plugin.batch;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;

import dev.kite.model.TaskTemplate;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTrace;
import dev.kite.spi.data.LocalDataStore;

/** A plugin outside CDI, its real SDK client pointed at a {@link FakeBatch}, and attempt contexts. */
final class BatchFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.ofEpochMilli(1_700_000_000_000L);

    final FakeBatch fake;
    final MutableClock clock = new MutableClock(START);
    /** The object store the attempts write to: a real local store in a temporary folder. */
    final Path root;
    final LocalDataStore store;

    BatchFixture() throws Exception {
        fake = new FakeBatch();
        fake.now(START.toEpochMilli());
        root = Files.createTempDirectory("kite-batch-test");
        store = new LocalDataStore(root);
    }

    /** A settable clock for the queue timeout. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Settings as an operator writes them. */
    record Settings(double describeRatePerSecond, Duration queueTimeout) implements BatchConfig {
        @Override
        public String region() {
            return "eu-west-1";
        }

        @Override
        public Optional<URI> endpointOverride() {
            return Optional.empty();
        }

        @Override
        public Optional<String> accessKeyIdSecret() {
            return Optional.empty();
        }

        @Override
        public Optional<String> secretAccessKeySecret() {
            return Optional.empty();
        }

        @Override
        public Optional<String> defaultQueue() {
            return Optional.of("default-queue");
        }

        @Override
        public int describeBatchSize() {
            return 100;
        }

        @Override
        public int arrayEnvMaxBytes() {
            return 8192;
        }
    }

    BatchClient client() {
        return BatchClient.builder().endpointOverride(fake.endpoint()).region(Region.EU_WEST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build();
    }

    /** A plugin whose batcher ticks on its own, fast. */
    BatchJobPlugin plugin() {
        return new BatchJobPlugin(new Settings(200, Duration.ofMinutes(30)), client(), clock, true);
    }

    /** A plugin whose batcher ticks only when the test calls {@code batcher().tick()}. */
    BatchJobPlugin manualPlugin() {
        return new BatchJobPlugin(new Settings(0, Duration.ofMinutes(30)), client(), clock, false);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A batch task with this config and interface. */
    static TaskTemplate task(String config, String iface) {
        ObjectNode t = json("{'id': {'project': 'demo', 'domain': 'development', 'name': 'train', 'version': 'v1'},"
                + " 'type': 'batch', 'interface': " + iface + ", 'config': " + config + "}");
        return TaskTemplate.fromJson(t);
    }

    static BatchTaskConfig config(TaskTemplate task) {
        try {
            return JSON.treeToValue(task.config(), BatchTaskConfig.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    Attempt attempt(TaskTemplate task, String inputs, String name) {
        return new Attempt(task, config(task), json(inputs), name, UUID.randomUUID(), 0, START.plus(Duration.ofHours(2)), store, null);
    }

    /** One attempt's context. */
    record Attempt(TaskTemplate task, BatchTaskConfig config, ObjectNode inputs, String generatedName, UUID executionId,
            int attempt, Instant deadline, LocalDataStore data, String traceparent) implements TaskContext<BatchTaskConfig> {

        /** The same attempt, traced: {@link #trace()} hands on this traceparent. */
        Attempt traced(String tp) {
            return new Attempt(task, config, inputs, generatedName, executionId, attempt, deadline, data, tp);
        }

        @Override
        public TaskTrace trace() {
            if (traceparent == null) {
                return TaskTrace.NONE;
            }
            return new TaskTrace() {
                @Override
                public Optional<String> traceparent() {
                    return Optional.of(traceparent);
                }

                @Override
                public Span span(String name) {
                    return Span.NONE;
                }
            };
        }

        @Override
        public String executionKey() {
            return executionId.toString();
        }

        @Override
        public Instant startTime() {
            return START;
        }

        @Override
        public long seed() {
            return 42;
        }

        @Override
        public boolean interruptible() {
            return false;
        }

        @Override
        public Optional<String> secret(String name) {
            return Optional.empty();
        }

        @Override
        public URI rawOutputPrefix() {
            return URI.create(data.rootUri() + "raw/" + executionId + "/" + attempt + "/");
        }
    }

    static TaskStatus await(io.smallrye.mutiny.Uni<TaskStatus> poll) {
        return poll.await().atMost(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        fake.close();
        store.deletePrefix(store.rootUri()).await().indefinitely();
    }
}
