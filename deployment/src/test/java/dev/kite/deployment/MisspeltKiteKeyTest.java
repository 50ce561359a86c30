package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * A key under {@code kite.} that no config root maps (a misspelt one) does not pass unnoticed:
 * Kite does not start, and the error names the key.
 */
class MisspeltKiteKeyTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .withConfigurationResource("kite-unit-test.properties")
            .overrideRuntimeConfigKey("kite.engin.node-id", "typo")
            .assertException(t -> assertTrue(BuildErrors.messages(t).stream()
                    .anyMatch(m -> m.contains("SRCFG00050") && m.contains("kite.engin.node-id")), BuildErrors.messages(t).toString()));

    @Test
    void theStartFails() {
        fail("Kite should not have started");
    }
}
