package dev.kite.plugin.batch;

import org.eclipse.microprofile.config.ConfigProvider;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;

/** Builds the Batch client from {@code kite.batch.*}: region, endpoint override, credentials. */
final class BatchClients {

    private BatchClients() {
    }

    /** The settings name credentials that are not there: the plugin is down until an operator fixes them. */
    static final class NotConfigured extends RuntimeException {
        NotConfigured(String message) {
            super(message);
        }
    }

    /** The client, with credentials from {@link #credentials}. */
    static BatchClient create(BatchConfig config, AwsCredentialsProvider credentials) {
        var builder = BatchClient.builder()
                .region(Region.of(config.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials);
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The credentials the settings name; {@link NotConfigured} when the named secrets are missing. */
    static AwsCredentialsProvider credentials(BatchConfig config) {
        if (config.accessKeyIdSecret().isEmpty() && config.secretAccessKeySecret().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = secret(config.accessKeyIdSecret().orElse(null), "kite.batch.access-key-id-secret");
        String key = secret(config.secretAccessKeySecret().orElse(null), "kite.batch.secret-access-key-secret");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, key));
    }

    private static String secret(String name, String property) {
        if (name == null) {
            throw new NotConfigured(property + " is not set: set both secret names, or neither to use the"
                    + " default credentials provider chain");
        }
        return ConfigProvider.getConfig().getOptionalValue("kite.secrets.\"" + name + "\"", String.class)
                .orElseThrow(() -> new NotConfigured(property + " names secret '" + name
                        + "', which is not set (kite.secrets.\"" + name + "\")"));
    }
}
