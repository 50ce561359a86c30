package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** A plugin class without a bean scope would never become a bean: the build says which annotation is missing. */
class PluginWithoutScopeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Unscoped.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "Kite plugin "
                    + "dev.kite.deployment.PluginWithoutScopeTest$Unscoped is not an application-wide bean: annotate "
                    + "the class with @ApplicationScoped (or @Singleton)"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @TaskTypes("unscoped")
    public static class Unscoped implements SyncPlugin<NoConfig> {
        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }
    }
}
