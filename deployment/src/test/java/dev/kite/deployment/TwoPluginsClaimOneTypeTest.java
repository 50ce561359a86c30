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
import dev.kite.spi.TaskTypes;

/** Two plugins claiming one task type, with no kite.build.plugins.default-for choosing, fail the build naming both. */
class TwoPluginsClaimOneTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FirstSqlPlugin.class, SecondSqlPlugin.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "Task type 'sql' is claimed by 2 plugins, "
                    + "dev.kite.deployment.TwoPluginsClaimOneTypeTest$FirstSqlPlugin and "
                    + "dev.kite.deployment.TwoPluginsClaimOneTypeTest$SecondSqlPlugin: choose one with "
                    + "kite.build.plugins.default-for.\"sql\"=<plugin name> (a build-time property), or remove all but one "
                    + "from the application"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    @TaskTypes("sql")
    public static class FirstSqlPlugin implements SyncPlugin<NoConfig> {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }
    }

    @ApplicationScoped
    @TaskTypes({"sql", "duckdb"})
    public static class SecondSqlPlugin extends FirstSqlPlugin {
        @Override
        public String name() {
            return "second";
        }
    }
}
