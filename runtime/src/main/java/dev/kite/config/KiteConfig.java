package dev.kite.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Kite's configuration, under the {@code kite.} prefix. Every property here is read at run time;
 * the few fixed at build time are in {@link KiteBuildConfig}.
 */
@ConfigMapping(prefix = "kite")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface KiteConfig {

    /**
     * The domains a task may be registered in. A task's {@code id.domain} must be one of them.
     */
    @WithDefault("development,staging,production")
    List<String> domains();

    /** REST API settings. */
    Api api();

    /**
     * Secrets by name, read by plugins at run time ({@code TaskContext.secret(name)}), e.g. the
     * token of an http task's {@code {"secret": "name"}} header. Set them from the environment or a
     * mounted secret ({@code kite.secrets."api-token"=${API_TOKEN}}), never in a task; they are
     * never logged.
     */
    Map<String, String> secrets();

    /** Task types and plugin selection. */
    Plugins plugins();

    /** The execution engine: leases, concurrency, polling. */
    Engine engine();

    /** Dynamic tasks: the limits their graphs are compiled and run within. */
    Graph graph();

    /** Fault tolerance defaults applied when a task sets none. */
    Retry retry();

    /** Memoization of task outputs in Redis. */
    Cache cache();

    /**
     * Guards around single operations (a database write, a plugin's submit/poll/cancel): retried
     * in place with backoff, bounded by a timeout, and cut off by a circuit breaker per plugin.
     * Such retries never re-run the task and never use its retries.
     */
    Guards guards();

    /** Logs and metrics on the executions' behalf (traces: the {@code quarkus.otel.*} properties). */
    Observability observability();

    /** Kite's database schema. */
    Schema schema();

    interface Schema {
        /**
         * Brings the schema up to date before Kite is ready (Flyway; it takes a lock, so every
         * replica may do it). When {@code flyway_schema_history} already lists exactly this build's
         * migrations with their checksums, Flyway is not started at all. Off: the schema is left as
         * it is.
         */
        @WithDefault("true")
        boolean migrateAtStart();
    }

    interface Observability {
        /**
         * One INFO line per execution end (id, task, phase, duration, attempts, cache status), from
         * the logger {@code dev.kite.engine.ExecutionLog}.
         */
        @WithDefault("true")
        boolean executionEndLog();

        /**
         * The tasks ({@code project/domain/name}) whose end-to-end duration gets their name as the
         * {@code task} label of {@code kite_execution_duration_seconds}; the others share
         * {@code task="other"}, so that the number of series stays bounded.
         */
        Optional<List<String>> durationTasks();
    }

    interface Guards {
        /** Tries of one database operation after the first, before the execution is left to a later sweep. */
        @WithDefault("30")
        int databaseRetries();

        /** Tries of one plugin operation (submit, poll, cancel) after the first. */
        @WithDefault("3")
        int pluginRetries();

        /** First wait before retrying an operation; grows by 2 up to {@code max-delay}, with 20 % jitter. */
        @WithDefault("50ms")
        Duration initialDelay();

        /** Longest wait between two tries of an operation. */
        @WithDefault("2s")
        Duration maxDelay();

        /** Longest one database operation may take. */
        @WithDefault("10s")
        Duration databaseTimeout();

        /** Longest one plugin operation (submit, poll, cancel) may take. */
        @WithDefault("30s")
        Duration pluginTimeout();

        /** Calls in the rolling window of a plugin's circuit breaker. */
        @WithDefault("20")
        int circuitBreakerVolume();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double circuitBreakerFailureRatio();

        /** How long an open breaker refuses calls before letting a trial call through. */
        @WithDefault("10s")
        Duration circuitBreakerDelay();
    }

    interface Api {
        /**
         * Largest accepted request body, in bytes. Bigger bodies are refused with 413 and a
         * problem document before they are read.
         */
        @WithDefault("1048576")
        int maxBodyBytes();

        /**
         * Longest accepted request target (path and query), in characters. A longer one is
         * answered 414 with a problem document. Requests beyond
         * {@code quarkus.http.limits.max-initial-line-length} are refused by the HTTP layer itself.
         */
        @WithDefault("8192")
        int maxUriLength();

        /**
         * Largest accepted total size of the request headers (names and values), in bytes. Bigger
         * headers are answered 431 with a problem document. Headers beyond
         * {@code quarkus.http.limits.max-header-size} are refused by the HTTP layer itself.
         */
        @WithDefault("16384")
        int maxHeaderBytes();

        /** Default page size of list endpoints. */
        @WithDefault("100")
        int defaultPageSize();

        /** Largest page size a client may ask for. */
        @WithDefault("1000")
        int maxPageSize();

        /**
         * How often an open event stream (Server-Sent Events) gets a comment line
         * ({@code : keep-alive}), on a fixed tick whether or not events flow, so that proxies and
         * load balancers with idle timeouts keep it open; {@code 0s} sends none.
         */
        @WithDefault("15s")
        java.time.Duration sseKeepAlive();

        /**
         * A project's watch ({@code GET /api/v1/executions/stream}) writes at most once per this
         * window: the executions that changed in it, each once with its latest state, in one
         * write for all of them. A change after a quiet window is sent at once; {@code 0s}
         * writes as soon as each read of the changes ends.
         */
        @WithDefault("100ms")
        java.time.Duration watchWindow();
    }

    interface Plugins {
        /**
         * Plugins to switch off, by name. Their task types are unknown to this Kite.
         */
        Optional<List<String>> disabled();
    }

    interface Engine {
        /**
         * This process's identity in leases. Give each replica a stable id to let a restarted
         * process resume its own executions at once; by default a random id is drawn at start,
         * and a predecessor's executions are taken over when its leases expire.
         */
        Optional<String> nodeId();

        /** How long a claim on an execution lasts without renewal. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How often this process renews its leases and looks for due or orphaned work. */
        @WithDefault("1s")
        Duration sweepInterval();

        /**
         * Most executions this process runs at once; more wait in QUEUED. Queued executions are
         * admitted fairly: one queue per project and domain, served in turn, so that one
         * project's backlog never holds up another's work.
         */
        @WithDefault("512")
        int maxConcurrent();

        /**
         * Most executions of one project this process runs at once (all its domains together);
         * by default no limit beyond {@code max-concurrent}. More wait in QUEUED while other
         * projects' executions take the free slots.
         */
        OptionalInt maxConcurrentPerProject();

        /** Worker threads for blocking plugin work (Java functions, JDBC, child processes). */
        @WithDefault("32")
        int workerThreads();

        /** First wait between two status polls of an async attempt. */
        @WithDefault("200ms")
        Duration pollInitial();

        /** Longest wait between two status polls of an async attempt. */
        @WithDefault("10s")
        Duration pollMax();

        /** Status polls of one plugin allowed per second in this process (a token bucket). */
        @WithDefault("100")
        int pollRatePerSecond();

        /** Consecutive failed status polls after which the attempt fails, SYSTEM recoverable. */
        @WithDefault("5")
        int maxFailedPolls();

        /** Most state changes written to PostgreSQL in one transaction (group commit). */
        @WithDefault("256")
        int writeBatchSize();

        /**
         * How long an in-process attempt (a sync plugin: Java functions and the like) runs before
         * its RUNNING state is written; one that ends sooner has it written with its end, in one
         * write instead of two (decision 0027). 0 writes RUNNING before the attempt starts.
         */
        @WithDefault("100ms")
        Duration runningWriteDelay();
    }

    interface Graph {
        /** Nodes in one graph spec (a map node counts once). */
        @WithDefault("1000")
        int maxNodes();

        /** Child executions of one dynamic execution, every map element counted. */
        @WithDefault("10000")
        int maxChildren();

        /** How deep dynamic nodes nest: 1 allows no dynamic node inside a graph. */
        @WithDefault("3")
        int maxDepth();

        /** Size of one graph spec in bytes, as canonical JSON. */
        @WithDefault("1048576")
        int maxSpecBytes();

        /** Children of one dynamic execution running at once (more wait in the graph, not in a queue). */
        @WithDefault("64")
        int maxParallel();

        /** How often a parent reads the state of children that do not end in its own process. */
        @WithDefault("2s")
        java.time.Duration checkInterval();
    }

    interface Retry {
        /** Retries granted for SYSTEM recoverable errors, separate from a task's own retries. */
        @WithDefault("3")
        int systemRetries();

        /** First wait before a retry when the task sets no {@code retryBackoff.initial}. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between attempts when the task sets no {@code retryBackoff.max}. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** Growth factor of the wait when the task sets none. */
        @WithDefault("2.0")
        double backoffFactor();

        /** Random spread of each wait (0..1) when the task sets none. */
        @WithDefault("0.1")
        double backoffJitter();

        /** Longest an attempt may run when the task sets no {@code metadata.timeout}. */
        @WithDefault("24h")
        Duration defaultAttemptTimeout();
    }

    interface Cache {
        /** How long an entry is kept when the task's {@code cache.ttl} is absent. */
        @WithDefault("30d")
        Duration defaultTtl();

        /** Largest stored entry in bytes; a bigger one is not stored (PUT_FAILURE). */
        @WithDefault("1048576")
        int maxEntryBytes();

        /** Prefix of every Redis key Kite writes. */
        @WithDefault("kite:")
        String keyPrefix();

        /**
         * Lifetime of a serialization reservation without a heartbeat. The holder renews it every
         * third of this; when the holder dies, a waiter takes over once it has expired.
         */
        @WithDefault("10s")
        Duration reservationTtl();

        /**
         * How often an execution waiting in {@code WAITING_FOR_CACHE} looks for the outputs of the
         * identical execution it waits for (and for a released or expired reservation).
         */
        @WithDefault("200ms")
        Duration waitPollInterval();

        /**
         * Longest wait for one Redis call. Past it the caller stops waiting: a lookup of a task
         * that is not serialized becomes {@code LOOKUP_FAILURE} and the task runs; a serialized
         * task's cache step is tried again while Redis is judged alive (the breaker is closed), so
         * that a slow Redis never costs a second run. The call itself keeps listening: a late
         * answer tells the breaker that Redis is alive.
         */
        @WithDefault("1s")
        Duration callTimeout();

        /**
         * Connections of the cache's own Redis client (on an event loop of its own, apart from
         * the HTTP and engine loops).
         */
        @WithDefault("8")
        int connections();

        /**
         * Most cache calls waiting for a connection; one more fails at once as a slow call (this
         * process is congested, Redis is not judged by it).
         */
        @WithDefault("4096")
        int maxWaitingCalls();

        /** The circuit breaker in front of Redis, so that an outage costs no time per call. */
        Breaker breaker();

        interface Breaker {
            /** Fewest failed calls within {@code period} that may open the breaker. */
            @WithDefault("3")
            int window();

            /** Share of failed calls among those within {@code period} (0..1) that may open the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How far back the breaker looks at outcomes of calls. */
            @WithDefault("10s")
            Duration period();

            /**
             * Calls that only timed out open the breaker when no answer at all (not even a late
             * one) came from Redis for this long: a slow Redis answers late, a dead or frozen one
             * never. A refused or broken connection does not wait for this.
             */
            @WithDefault("2s")
            Duration silence();

            /**
             * How long the breaker stays open: calls fail at once, then one trial call decides
             * whether Redis is back.
             */
            @WithDefault("5s")
            Duration delay();
        }
    }
}
