package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.spi.KiteTask;

/** @KiteTask attributes are checked at build time by the registry's own rules, and a task id is declared once. */
class KiteTaskSettingsTest {

    private static final String PREFIX = "@KiteTask method dev.kite.deployment.KiteTaskSettingsTest$Settings#";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Settings.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> {
                BuildErrors.assertReported(t, PREFIX + "badProject(): @KiteTask project: must match "
                        + "[a-z0-9][a-z0-9_-]{0,62} (lowercase letters, digits, '_' and '-', at most 63)");
                BuildErrors.assertReported(t, PREFIX + "badTimeout(): @KiteTask timeout: not a valid duration: \"30s\" "
                        + "(expected ISO-8601 such as PT5M or P1DT2H)");
                BuildErrors.assertReported(t, PREFIX + "tooManyRetries(): @KiteTask retries: must be between 0 and 10, "
                        + "got 11");
                BuildErrors.assertReported(t, PREFIX + "second(): declares task unit-tests/development/same/v1, as "
                        + "dev.kite.deployment.KiteTaskSettingsTest$Settings#first() does; give one of them another name "
                        + "or version");
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Settings {
        @KiteTask(project = "Unit Tests", version = "v1")
        public void badProject() {
        }

        @KiteTask(project = "unit-tests", version = "v1", timeout = "30s")
        public void badTimeout() {
        }

        @KiteTask(project = "unit-tests", version = "v1", retries = 11)
        public void tooManyRetries() {
        }

        @KiteTask(project = "unit-tests", name = "same", version = "v1")
        public void first() {
        }

        @KiteTask(project = "unit-tests", name = "same", version = "v1")
        public void second() {
        }
    }
}
