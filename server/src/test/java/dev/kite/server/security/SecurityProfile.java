package dev.kite.server.security;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Kite with an OIDC issuer ({@link TestIssuer}), its log also written to a file that the
 * secret-leak test reads, at DEBUG for Kite and with the HTTP access log on.
 */
public class SecurityProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // a file of each run's own (read back through quarkus.log.file.path)
        return Map.of("quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", "target/security-tests-" + System.currentTimeMillis() + ".log",
                "quarkus.log.category.\"dev.kite\".level", "DEBUG",
                "quarkus.http.access-log.enabled", "true",
                // the console's single sign-on (ConsoleSingleSignOnInBrowserTest)
                "kite.console.oidc-client-id", TestIssuer.SSO_CLIENT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestIssuer.class));
    }
}
