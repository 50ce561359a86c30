package dev.kite.plugin.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the {@code http} and {@code http-job} task types, under {@code kite.http.}. Read at
 * run time. The circuit breaker per host takes its settings from {@code kite.guards.circuit-breaker-*}.
 */
@ConfigMapping(prefix = "kite.http")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface HttpConfig {

    /**
     * Prefix of the Redis keys of the per-host quotas that Kite's replicas share. The same as the
     * cache's unless set.
     */
    @WithDefault("${kite.cache.key-prefix:kite:}")
    String keyPrefix();


    /**
     * Host names that may be called whatever addresses they resolve to, private ones included: an
     * exact name ({@code billing.internal}) or a suffix pattern ({@code *.svc.cluster.local}).
     */
    Optional<List<String>> allowedHosts();

    /**
     * Networks (CIDR, IPv4 or IPv6) that may be called although they are private, loopback,
     * link-local or otherwise special, e.g. {@code 10.0.0.0/8} or {@code 127.0.0.1/32}. By default
     * none: only public addresses can be called.
     */
    Optional<List<String>> allowedNetworks();

    /**
     * When true, only {@code allowed-hosts} and {@code allowed-networks} can be called at all,
     * public addresses included.
     */
    @WithDefault("false")
    boolean allowListOnly();

    /**
     * Directories whose files a task's config may name ({@code tls.caPath}). A task naming a file
     * elsewhere is refused at registration, by the path alone (the file system is not looked at,
     * so registration reveals nothing about which files exist). By default none: no task may name
     * a file.
     */
    Optional<List<String>> fileRoots();

    /** Longest wait for a TCP (and TLS) connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest one request may take when the task sets no {@code timeout}. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * Largest response body read, in bytes (after decompression), and the default of a task's
     * {@code maxResponseBytes}, which may only lower it. A bigger response fails the attempt.
     */
    @WithDefault("1048576")
    int maxResponseBytes();

    /**
     * Longest {@code Retry-After} honoured: a longer wish is cut to this before the next attempt
     * (or poll).
     */
    @WithDefault("5m")
    Duration maxRetryAfter();

    /** Most pooled connections to one host from this process. */
    @WithDefault("64")
    int maxConnectionsPerHost();

    /**
     * In-place retries of one job operation (submit, status poll, cancel) of an {@code http-job}
     * task after a connection error, a timeout or a 5xx, with Kite's backoff
     * ({@code kite.guards.initial-delay} … {@code max-delay}). A plain {@code http} call is never
     * retried in place: its failure ends the attempt and the system budget retries it.
     */
    @WithDefault("2")
    int operationRetries();

    /**
     * How long a concurrency slot is held without renewal. A live process renews its slots; a dead
     * process's slots come back when their lease ends.
     */
    @WithDefault("30s")
    Duration slotLease();

    /**
     * Limits per host, shared by every Kite process through Redis. The key is {@code host:port}
     * or {@code host} (every port), tried in that order, then {@code "*"} (every other host).
     * Write dotted keys in quotes: {@code kite.http.hosts."api.example.com".max-concurrent=10}.
     */
    Map<String, HostLimits> hosts();

    /** Rate and concurrency limits of one host. Unset limits do not apply. */
    interface HostLimits {

        /** Requests per second (a token bucket shared across processes); fractions allowed. */
        OptionalDouble ratePerSecond();

        /** Most requests let through at once after a quiet spell; default: one second's worth. */
        OptionalInt burst();

        /** Most requests in flight at once across all Kite processes (a counting semaphore). */
        OptionalInt maxConcurrent();
    }
}
