package dev.kite.data.s3;

import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.kite.data.StorageConfig;

/**
 * Builds the S3 store of one {@code kite.storage.stores."<name>"} entry: the SDK client on the
 * JDK's HTTP client, the endpoint override and addressing style, and the credentials, from named
 * secrets or the default chain. Secret values are handed to the SDK only, never to a message.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** The store named {@code name}; {@code secrets} are {@code kite.secrets}. */
    public static S3DataStore store(String name, StorageConfig.Store config, Map<String, String> secrets) {
        AwsCredentialsProvider credentials = credentials(name, config, secrets);
        Region region = Region.of(config.region());
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3)
                .requestChecksumCalculation(config.checksums() ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(config.checksums() ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(config.callTimeout()));
        var presigner = S3Presigner.builder().region(region).credentialsProvider(credentials).serviceConfiguration(s3);
        config.endpoint().ifPresent(e -> {
            builder.endpointOverride(e);
            presigner.endpointOverride(e);
        });
        return new S3DataStore(name, config.bucket(), config.prefix().orElse(""), builder.build(), presigner.build(),
                config.partSize().asLongValue());
    }

    private static AwsCredentialsProvider credentials(String name, StorageConfig.Store config, Map<String, String> secrets) {
        if (config.accessKeySecret().isEmpty() && config.secretKeySecret().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = secret(name, "access-key-secret", config.accessKeySecret(), secrets);
        String key = secret(name, "secret-key-secret", config.secretKeySecret(), secrets);
        Optional<String> token = config.sessionTokenSecret().map(s -> secret(name, "session-token-secret", Optional.of(s), secrets));
        AwsCredentials c = token.<AwsCredentials>map(t -> AwsSessionCredentials.create(id, key, t))
                .orElseGet(() -> AwsBasicCredentials.create(id, key));
        return StaticCredentialsProvider.create(c);
    }

    private static String secret(String store, String property, Optional<String> secretName, Map<String, String> secrets) {
        String where = "kite.storage.stores.\"" + store + "\"." + property;
        if (secretName.isEmpty()) {
            throw new IllegalStateException(where + " is not set: give both the access key and the secret key secrets, or "
                    + "neither (the default credentials chain)");
        }
        String value = secrets.get(secretName.get());
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(where + " names the secret \"" + secretName.get() + "\", but kite.secrets.\""
                    + secretName.get() + "\" is not set");
        }
        return value;
    }
}
