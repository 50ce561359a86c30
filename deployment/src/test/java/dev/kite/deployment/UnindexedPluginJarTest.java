package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A plugin in a jar without META-INF/beans.xml or a Jandex index would be silently missing: the
 * build fails instead, naming the jar, its plugin class and the fix.
 */
class UnindexedPluginJarTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .setForcedDependencies(List.of(Dependency.of("dev.kite", "kite-test-unindexed-plugin", "0.1.0-SNAPSHOT")))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> {
                String message = BuildErrors.messages(t).stream().filter(m -> m.startsWith("The jar dev.kite:kite-test-unindexed-plugin"))
                        .findFirst().orElseThrow(() -> new AssertionError("no error about the jar among " + BuildErrors.messages(t)));
                assertTrue(message.contains("has Kite plugin classes (dev.kite.testplugin.unindexed.ForgottenPlugin) but is not a"
                        + " bean archive, so Quarkus does not index it and Kite cannot find them: add META-INF/beans.xml to the jar"),
                        message);
                assertTrue(message.contains("quarkus.index-dependency.<name>.artifact-id=kite-test-unindexed-plugin"), message);
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }
}
