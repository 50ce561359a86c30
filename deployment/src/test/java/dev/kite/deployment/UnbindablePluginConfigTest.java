package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/** A config class Jackson cannot create (here an interface) fails the build, not every task of the plugin. */
class UnbindablePluginConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Settings.class, InterfaceConfigPlugin.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "Kite plugin "
                    + "dev.kite.deployment.UnbindablePluginConfigTest$InterfaceConfigPlugin: its config class "
                    + "dev.kite.deployment.UnbindablePluginConfigTest$Settings cannot be bound from JSON: it is an "
                    + "interface, which Jackson cannot create; use a record or a concrete class"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    public interface Settings {
        String url();
    }

    @ApplicationScoped
    @TaskTypes("settings")
    public static class InterfaceConfigPlugin implements SyncPlugin<Settings> {
        @Override
        public Uni<TaskResult> run(TaskContext<Settings> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }
    }
}
