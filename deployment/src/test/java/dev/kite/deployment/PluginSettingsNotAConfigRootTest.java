package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings under {@code kite.} that are no config root Quarkus knows would have each of their keys
 * logged at start as an "Unrecognized configuration key": the build fails instead, naming the fix.
 */
class PluginSettingsNotAConfigRootTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProbeSettings.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "The settings "
                    + "dev.kite.deployment.PluginSettingsNotAConfigRootTest$ProbeSettings (prefix kite.probe) are not a config"
                    + " root Quarkus knows, so every key under kite.probe would be logged as unrecognized at start: annotate"
                    + " the interface with @ConfigRoot(phase = ConfigPhase.RUN_TIME) and compile its module with"
                    + " io.quarkus:quarkus-extension-processor as annotation processor, which lists it in"
                    + " META-INF/quarkus-config-roots.list (a module compiled before it was added needs a clean build)"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    /** A plugin's settings, as an application mapping only. */
    @ConfigMapping(prefix = "kite.probe")
    public interface ProbeSettings {
        /** What the probe says. */
        @WithDefault("hello")
        String greeting();
    }
}
