package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * A group commit larger than the most changes a transaction announces one by one (10,000) would
 * make Kite's own writes overflow the live streams' notices: Kite refuses to start, and the error
 * names the setting and its bounds.
 */
class WriteBatchSizeBoundTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .withConfigurationResource("kite-unit-test.properties")
            .overrideRuntimeConfigKey("kite.engine.write-batch-size", "20000")
            .assertException(t -> assertTrue(BuildErrors.messages(t).stream()
                    .anyMatch(m -> m.contains("kite.engine.write-batch-size must be from 1 to 10000") && m.contains("20000")),
                    BuildErrors.messages(t).toString()));

    @Test
    void theStartFails() {
        fail("Kite should not have started");
    }
}
