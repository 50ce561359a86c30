package dev.kite.server.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.kite.data.DataStores;

/**
 * Upload URLs ({@code DataStore.signedWriteUrl}): an S3 store's is a presigned PUT that S3Proxy, a
 * real S3-protocol server, accepts from a client without credentials; the local store hands out
 * none unless {@code kite.storage.uploads.url} says where Kite is reached (not set here).
 */
@QuarkusTest
@TestProfile(DataTestProfile.class)
class UploadUrlsTest {

    @Inject
    DataStores data;

    @Test
    void aPresignedPutWritesTheObjectWithoutCredentials() throws Exception {
        URI target = URI.create("s3://" + S3Servers.LAKE + "/tests/" + UUID.randomUUID() + "/executed.ipynb");
        URI url = data.signedWriteUrl(target, Duration.ofMinutes(5)).await().atMost(Duration.ofSeconds(30)).orElseThrow();
        assertTrue(url.getQuery() != null && url.getQuery().contains("X-Amz-Signature"), url::toString);
        byte[] body = "{\"cells\": []}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertArrayEquals(body, data.read(target).await().atMost(Duration.ofSeconds(30)));
    }

    @Test
    void theLocalStoreHandsOutNoUploadUrlsUnlessKiteSaysWhereItIsReached() {
        Path root = ConfigProvider.getConfig().getValue("kite.storage.local.root", Path.class);
        URI target = root.resolve("tests").resolve(UUID.randomUUID().toString()).resolve("x.json").toUri();
        assertEquals(Optional.empty(), data.signedWriteUrl(target, Duration.ofMinutes(5)).await().atMost(Duration.ofSeconds(30)));
    }
}
