package dev.kite.data;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;

/** {@code kite.storage.stores."<name>"} as a test writes it. */
record TestS3Store(String bucket, String keyPrefix, URI endpointUri, long partBytes, String accessSecret, String secretSecret)
        implements StorageConfig.Store {

    @Override
    public Optional<String> prefix() {
        return Optional.of(keyPrefix);
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.of(endpointUri);
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public boolean pathStyle() {
        return true;
    }

    @Override
    public Optional<String> accessKeySecret() {
        return Optional.ofNullable(accessSecret);
    }

    @Override
    public Optional<String> secretKeySecret() {
        return Optional.ofNullable(secretSecret);
    }

    @Override
    public Optional<String> sessionTokenSecret() {
        return Optional.empty();
    }

    @Override
    public MemorySize partSize() {
        return new MemorySize(java.math.BigInteger.valueOf(partBytes));
    }

    @Override
    public boolean checksums() {
        return false;
    }

    @Override
    public Duration callTimeout() {
        return Duration.ofSeconds(60);
    }
}
