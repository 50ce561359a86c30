package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;

/** A plugin must declare its task types with @TaskTypes, where the build can read them. */
class PluginWithoutTaskTypesTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Undeclared.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "Kite plugin "
                    + "dev.kite.deployment.PluginWithoutTaskTypesTest$Undeclared declares no task types: annotate the "
                    + "class with @TaskTypes(\"<task type>\")"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Undeclared implements SyncPlugin<NoConfig> {
        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }
    }
}
