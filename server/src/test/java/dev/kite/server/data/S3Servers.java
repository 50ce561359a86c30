package dev.kite.server.data;

import java.util.Map;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3-protocol server on a filesystem blob store, for the data tests: the bucket
 * {@value #LAKE} (Kite's default store here) and the bucket {@value #SLOW}, reached through a
 * {@link HeldProxy} that a test can hold.
 */
public class S3Servers implements QuarkusTestResourceLifecycleManager {

    static final String LAKE = "kite-lake";
    static final String SLOW = "kite-slow";
    static final String ACCESS = "data-test-access";
    static final String SECRET = "data-test-secret-value";

    private static volatile HeldProxy slowProxy;

    private S3ProxyJunitCore server;

    static HeldProxy slow() {
        return slowProxy;
    }

    @Override
    public Map<String, String> start() {
        server = new S3ProxyJunitCore.Builder().withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .withBlobStoreProvider("filesystem").build();
        try {
            server.beforeEach();
            try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build())
                    .endpointOverride(server.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET))).build()) {
                admin.createBucket(b -> b.bucket(LAKE));
                admin.createBucket(b -> b.bucket(SLOW));
            }
            slowProxy = new HeldProxy(server.getUri().getPort());
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        String endpoint = server.getUri().toString();
        return Map.ofEntries(
                Map.entry("kite.secrets.\"s3-access\"", ACCESS),
                Map.entry("kite.secrets.\"s3-secret\"", SECRET),
                Map.entry("kite.storage.stores.\"lake\".bucket", LAKE),
                Map.entry("kite.storage.stores.\"lake\".endpoint", endpoint),
                Map.entry("kite.storage.stores.\"lake\".path-style", "true"),
                Map.entry("kite.storage.stores.\"lake\".part-size", "8M"),
                Map.entry("kite.storage.stores.\"lake\".access-key-secret", "s3-access"),
                Map.entry("kite.storage.stores.\"lake\".secret-key-secret", "s3-secret"),
                Map.entry("kite.storage.stores.\"slow\".bucket", SLOW),
                Map.entry("kite.storage.stores.\"slow\".endpoint", "http://127.0.0.1:" + slowProxy.port()),
                Map.entry("kite.storage.stores.\"slow\".path-style", "true"),
                Map.entry("kite.storage.stores.\"slow\".access-key-secret", "s3-access"),
                Map.entry("kite.storage.stores.\"slow\".secret-key-secret", "s3-secret"),
                Map.entry("kite.storage.default-store", "lake"));
    }

    @Override
    public void stop() {
        try {
            if (slowProxy != null) {
                slowProxy.close();
            }
        } catch (java.io.IOException e) {
            // closing
        }
        if (server != null) {
            server.afterEach();
        }
    }
}
