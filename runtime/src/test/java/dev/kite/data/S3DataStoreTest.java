package dev.kite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import dev.kite.data.s3.S3Clients;
import dev.kite.data.s3.S3DataStore;
import dev.kite.spi.data.DataStoreException;
import dev.kite.spi.data.ObjectInfo;

/**
 * The S3 store against S3Proxy, a real S3-protocol server, in-process on a filesystem blob store:
 * round trips, multipart uploads above the part size, listing and deletion, presigned URLs,
 * named-secret credentials.
 */
class S3DataStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long PART = S3DataStore.MIN_PART_SIZE;

    private final S3ProxyJunitCore server = new S3ProxyJunitCore.Builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, "kite-access", "kite-secret-value")
            .withBlobStoreProvider("filesystem")
            .build();

    @TempDir
    Path tmp;

    private S3DataStore store;

    @BeforeEach
    void start() throws Exception {
        server.beforeEach();
        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(server.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("kite-access", "kite-secret-value")))
                .build()) {
            admin.createBucket(b -> b.bucket("kite-data"));
        }
        store = S3Clients.store("lake", new TestS3Store("kite-data", "kite/", server.getUri(), PART, "s3-id", "s3-key"),
                Map.of("s3-id", "kite-access", "s3-key", "kite-secret-value"));
    }

    @AfterEach
    void stop() {
        server.afterEach();
    }

    private static URI at(String key) {
        return URI.create("s3://kite-data/kite/" + key);
    }

    @Test
    void theStoreServesItsBucketAndPrefixOnly() {
        assertTrue(store.serves(at("x/y")));
        assertFalse(store.serves(URI.create("s3://kite-data/other/x")));
        assertFalse(store.serves(URI.create("s3://another-bucket/kite/x")));
        assertFalse(store.serves(URI.create("file:///kite/x")));
        assertEquals(URI.create("s3://kite-data/kite/"), store.rootUri());
    }

    @Test
    void smallObjectsRoundTrip() throws Exception {
        byte[] data = "a small object".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = store.put(at("small/a.txt"), data).await().atMost(WAIT);
        assertEquals(data.length, info.size());
        assertEquals(at("small/a.txt"), info.uri());
        assertArrayEquals(data, store.read(at("small/a.txt")).await().atMost(WAIT));
        try (InputStream in = store.open(at("small/a.txt")).await().atMost(WAIT)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertTrue(store.head(at("small/missing.txt")).await().atMost(WAIT).isEmpty());
        DataStoreException e = assertThrows(DataStoreException.class, () -> store.read(at("small/missing.txt")).await().atMost(WAIT));
        assertFalse(e.transientFailure(), "a missing object is a lasting failure");
        assertTrue(e.getMessage().contains("no object at " + at("small/missing.txt")), e.getMessage());
    }

    @Test
    void aFileAboveThePartSizeGoesUpInPartsAndComesBackWhole() throws Exception {
        Path file = tmp.resolve("big.bin");
        byte[] data = new byte[(int) (2 * PART + 12345)];
        new Random(7).nextBytes(data);
        Files.write(file, data);

        ObjectInfo info = store.put(at("big/data.bin"), file).await().atMost(WAIT);
        assertEquals(data.length, info.size());

        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(server.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("kite-access", "kite-secret-value")))
                .build()) {
            String etag = admin.headObject(b -> b.bucket("kite-data").key("kite/big/data.bin")).eTag();
            assertTrue(etag.replace("\"", "").endsWith("-3"), "a multipart object of three parts has the ETag of one: " + etag);
            assertTrue(admin.listMultipartUploads(b -> b.bucket("kite-data")).uploads().isEmpty(), "no upload is left open");
        }

        Path back = store.download(at("big/data.bin"), tmp.resolve("out/back.bin")).await().atMost(WAIT);
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(back)));
    }

    @Test
    void listingAndDeletionWorkOnPrefixes() {
        for (String key : List.of("p/2", "p/1", "p/sub/3", "q/4")) {
            store.put(at(key), key.getBytes(StandardCharsets.UTF_8)).await().atMost(WAIT);
        }
        assertEquals(List.of(at("p/1"), at("p/2"), at("p/sub/3")),
                store.list(at("p/")).await().atMost(WAIT).stream().map(ObjectInfo::uri).toList());
        store.delete(at("p/1")).await().atMost(WAIT);
        assertEquals(2, store.deletePrefix(at("p/")).await().atMost(WAIT));
        assertTrue(store.list(at("p/")).await().atMost(WAIT).isEmpty());
        assertTrue(store.head(at("q/4")).await().atMost(WAIT).isPresent());
    }

    @Test
    void aPresignedUrlReadsTheObjectWithoutCredentials() throws Exception {
        byte[] data = "signed content".getBytes(StandardCharsets.UTF_8);
        store.put(at("signed/x.txt"), data).await().atMost(WAIT);
        URI url = store.signedReadUrl(at("signed/x.txt"), Duration.ofMinutes(5)).await().atMost(WAIT).orElseThrow();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(data, r.body());
        assertFalse(url.toString().contains("kite-secret-value"), "the secret itself is never in a URL");
    }

    @Test
    void wrongCredentialsAreALastingFailureThatDoesNotShowTheSecret() {
        S3DataStore wrong = S3Clients.store("lake", new TestS3Store("kite-data", "kite/", server.getUri(), PART, "s3-id", "s3-key"),
                Map.of("s3-id", "kite-access", "s3-key", "not-the-secret-xyz"));
        DataStoreException e = assertThrows(DataStoreException.class, () -> wrong.put(at("w"), new byte[] {1}).await().atMost(WAIT));
        assertFalse(e.transientFailure());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-xyz"), e.getMessage());

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> S3Clients.store("lake",
                new TestS3Store("kite-data", "", server.getUri(), PART, "s3-id", "s3-key"), Map.of("s3-id", "kite-access")));
        assertTrue(missing.getMessage().contains("kite.secrets.\"s3-key\" is not set"), missing.getMessage());
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
