package dev.kite.server.batch;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.kite.plugin.batch.FakeBatch;

/**
 * Starts a {@link FakeBatch} (AWS Batch's REST-JSON at the HTTP boundary, from the batch plugin's
 * test jar) and points the server's real Batch client at it with {@code kite.batch.endpoint-override};
 * the credentials come from Kite's secrets, as an operator without an instance role sets them.
 */
public class FakeBatchResource implements QuarkusTestResourceLifecycleManager {

    static final String ACCESS_KEY_ID = "AKIDBATCHE2ETEST";
    static final String SECRET_ACCESS_KEY = "batch-e2e-secret-access-key-0123456789";

    private static volatile FakeBatch fake;
    private final Map<String, String> extra = new java.util.HashMap<>();

    static FakeBatch fake() {
        return fake;
    }

    /** Init args are more settings ({@code kite.*}) for the Kite under test, e.g. another DescribeJobs rate. */
    @Override
    public void init(Map<String, String> initArgs) {
        extra.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            fake = new FakeBatch();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("FakeBatch did not start", e);
        }
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "kite.batch.region", "eu-west-1",
                "kite.batch.endpoint-override", fake.endpoint().toString(),
                "kite.batch.access-key-id-secret", "batch-access",
                "kite.batch.secret-access-key-secret", "batch-secret",
                "kite.secrets.\"batch-access\"", ACCESS_KEY_ID,
                "kite.secrets.\"batch-secret\"", SECRET_ACCESS_KEY,
                "kite.batch.describe-rate-per-second", "20"));
        config.putAll(extra);
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
