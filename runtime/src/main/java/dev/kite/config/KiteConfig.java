package dev.kite.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** Task types and plugin selection. */
    Plugins plugins();

    /** The execution engine: leases, concurrency, polling. */
    Engine engine();

    /** Fault tolerance defaults applied when a task sets none. */
    Retry retry();

    /** Memoization of task outputs in Redis. */
    Cache cache();

    interface Api {
        /**
         * Largest accepted request body, in bytes. Bigger bodies are refused with 413 and a
         * problem document before they are read.
         */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Default page size of list endpoints. */
        @WithDefault("100")
        int defaultPageSize();

        /** Largest page size a client may ask for. */
        @WithDefault("1000")
        int maxPageSize();
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

        /** Most executions this process runs at once; more wait in QUEUED. */
        @WithDefault("512")
        int maxConcurrent();

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

        /** Lifetime of a serialization reservation without a heartbeat. */
        @WithDefault("10s")
        Duration reservationTtl();
    }
}
