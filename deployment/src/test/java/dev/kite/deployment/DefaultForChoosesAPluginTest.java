package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.engine.PluginRegistry;

/** kite.build.plugins.default-for, read at build time, lets two plugins claim one type; the chosen one serves it. */
class DefaultForChoosesAPluginTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TwoPluginsClaimOneTypeTest.FirstSqlPlugin.class,
                    TwoPluginsClaimOneTypeTest.SecondSqlPlugin.class))
            .withConfigurationResource("kite-unit-test.properties")
            .overrideConfigKey("kite.build.plugins.default-for.\"sql\"", "second");

    @Inject
    PluginRegistry registry;

    @Test
    void theChosenPluginServesTheType() {
        assertEquals("second", registry.forType("sql").orElseThrow().name());
        assertEquals("dev.kite.deployment.TwoPluginsClaimOneTypeTest$SecondSqlPlugin",
                registry.forType("sql").orElseThrow().className());
        assertEquals("second", registry.forType("duckdb").orElseThrow().name());
    }
}
