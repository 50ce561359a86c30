package dev.kite.data;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The data store of blob and dataset values and of offloaded large values, under {@code kite.storage.}. */
@ConfigMapping(prefix = "kite.storage")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface StorageConfig {

    /** The name of the store that serves the local filesystem: {@code file://} URIs under {@code kite.storage.local.root}. */
    String LOCAL = "local";

    /**
     * Where raw outputs and offloaded values go: a prefix URI ending in {@code /} that a
     * configured store serves ({@code file:///var/lib/kite/data/}, {@code s3://bucket/kite/}).
     * When not set: the root of {@code kite.storage.default-store}.
     */
    Optional<String> rawOutputRoot();

    /**
     * The store whose root holds raw outputs when {@code kite.storage.raw-output-root} is not set:
     * {@code local}, or the name of one of {@code kite.storage.stores}.
     */
    @WithDefault(LOCAL)
    String defaultStore();

    /**
     * The layout of an attempt's raw output location under the raw output root, in Kite's
     * template syntax: {@code {{.execution.project}}}, {@code {{.execution.domain}}},
     * {@code {{.execution.name}}} (the task's name), {@code {{.execution.id}}} and
     * {@code {{.execution.attempt}}}, each written as one percent-encoded path segment. It must
     * name the execution id and the attempt, so that every attempt gets a location of its own, and
     * the execution id must come before the attempt (the retention sweep deletes everything under
     * the part up to the execution id).
     */
    @WithDefault("raw/{{.execution.project}}/{{.execution.domain}}/{{.execution.id}}/{{.execution.attempt}}/")
    String rawOutputTemplate();

    /** The local filesystem store. */
    Local local();

    /** Kite's upload endpoint, through which work outside Kite (a pod) writes into the local store. */
    Uploads uploads();

    /** {@code kite.storage.uploads.*}. */
    interface Uploads {
        /**
         * Where such work reaches this Kite, e.g. {@code http://kite.kite-system:8080}: with it,
         * {@code DataStore.signedWriteUrl} of a {@code file://} URI is
         * {@code <url>/uploads/<signed token>} (a PUT of the object's bytes, valid for the given
         * time, for that one object). Not set: the local store hands out no upload URLs.
         */
        Optional<String> url();
    }

    /**
     * Named object stores, {@code kite.storage.stores."<name>".*}: each serves the URIs of its
     * bucket (and key prefix). A blob or dataset URI that no store serves is refused.
     */
    Map<String, Store> stores();

    /**
     * Settings per project ({@code kite.storage.scopes."<project>".*}) or per project and domain
     * ({@code kite.storage.scopes."<project>/<domain>".*}); the more specific one wins, then the
     * global setting.
     */
    Map<String, Scope> scopes();

    /** Large input and output values kept in the store instead of PostgreSQL and Redis. */
    Offload offload();

    /**
     * Largest single object Kite writes (an uploaded blob, an offloaded value); a bigger one
     * fails its write with a lasting error.
     */
    @WithDefault("10G")
    MemorySize maxObjectSize();

    /** How long a signed read URL handed out by the data endpoint stays valid. */
    @WithDefault("PT15M")
    Duration signedUrlTtl();

    /**
     * Whether {@code GET /api/v1/executions/{id}/data/...} answers a blob in a store with signed
     * URLs (S3) with a redirect to one (307) instead of streaming it through Kite.
     */
    @WithDefault("true")
    boolean redirectToSignedUrls();

    /**
     * How long raw outputs of ended executions are kept, as an ISO-8601 duration ({@code P30D});
     * not set: forever. Overridden per project or domain by {@code kite.storage.scopes."..".retention}.
     */
    Optional<Duration> retention();

    /**
     * How long the record of an ended execution (its row: inputs, outputs, attempts, events) is
     * kept, as an ISO-8601 duration; {@code PT0S} keeps it forever. Overridden per project or domain
     * by {@code kite.storage.scopes."..".history-retention}. An execution whose record goes also
     * loses its raw outputs, whatever {@code retention} says; one whose outputs a cache entry
     * still serves is kept until that entry has gone, so that a cache hit can name its source.
     */
    @WithDefault("P30D")
    Duration historyRetention();

    /** How often the retention sweep looks for executions whose data is past its retention. */
    @WithDefault("PT1H")
    Duration retentionSweepInterval();

    interface Local {
        /**
         * The folder the local store keeps objects in, and the only one it serves: a
         * {@code file://} URI outside it is refused.
         */
        @WithDefault("${user.home}/.local/share/kite/data")
        Path root();
    }

    /** An S3 or S3-compatible bucket (AWS, MinIO, Ceph, ...). */
    interface Store {
        /** The backend; {@code s3} is the one there is. */
        @WithDefault("s3")
        String type();

        /** The bucket; the store serves {@code s3://<bucket>/<prefix>...}. */
        String bucket();

        /** A key prefix inside the bucket; only keys under it are served (not set: the whole bucket). */
        Optional<String> prefix();

        /** The endpoint of an S3-compatible server, e.g. {@code http://minio:9000}; not set: AWS's endpoint for the region. */
        Optional<URI> endpoint();

        /** The region the client signs for. */
        @WithDefault("us-east-1")
        String region();

        /** Path-style addressing ({@code http://host/bucket/key}), which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * The name of the secret ({@code kite.secrets."<name>"}) that holds the access key id;
         * with {@code secret-key-secret}. Not set: the AWS default credentials chain
         * (environment, profile, web identity, instance role). Secret values are never logged.
         */
        Optional<String> accessKeySecret();

        /** The name of the secret that holds the secret access key. */
        Optional<String> secretKeySecret();

        /** The name of the secret that holds a session token, for temporary credentials. */
        Optional<String> sessionTokenSecret();

        /**
         * Uploads larger than this are multipart uploads in parts of this size (at least 5M, S3's
         * smallest part); one part is held in memory per upload.
         */
        @WithDefault("16M")
        MemorySize partSize();

        /**
         * Whether every request and response carries a CRC checksum (the SDK's "when supported").
         * AWS S3 takes them; many S3-compatible servers reject the chunked uploads they need, so
         * by default checksums are sent only where an operation requires one.
         */
        @WithDefault("false")
        boolean checksums();

        /** Longest one call to the store may take, retries included. */
        @WithDefault("PT2M")
        Duration callTimeout();
    }

    /** Storage settings of one project or one project and domain. */
    interface Scope {
        /** The raw output root of the scope's executions (like {@code kite.storage.raw-output-root}). */
        Optional<String> rawOutputRoot();

        /** How long the raw outputs of the scope's ended executions are kept ({@code P30D}). */
        Optional<Duration> retention();

        /** How long the records of the scope's ended executions are kept ({@code PT0S}: forever). */
        Optional<Duration> historyRetention();
    }

    interface Offload {
        /**
         * A named input or output value whose canonical JSON is larger than this is written to the
         * store (under the execution's raw output location) and kept in PostgreSQL and Redis as a
         * reference.
         */
        @WithDefault("256K")
        MemorySize threshold();

        /**
         * {@code GET /api/v1/executions/{id}} shows an offloaded value inline up to this size;
         * a larger one as a link to {@code /api/v1/executions/{id}/data/...}.
         */
        @WithDefault("2M")
        MemorySize inlineLimit();
    }
}
