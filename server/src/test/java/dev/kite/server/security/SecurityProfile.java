package dev.kite.server.security;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Kite with an OIDC issuer ({@link TestIssuer}), its log also written to a file that the
 * secret-leak test reads, at DEBUG for Kite and with the HTTP access log on.
 */
public class SecurityProfile implements QuarkusTestProfile {

    /** Where this profile's log goes (besides the console). */
    public static final String LOG = "target/security-tests.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG,
                "quarkus.log.category.\"dev.kite\".level", "DEBUG",
                "quarkus.http.access-log.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestIssuer.class));
    }
}
