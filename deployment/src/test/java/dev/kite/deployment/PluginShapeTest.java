package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.NoConfig;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskPlugin;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/** A plugin implements exactly one of the three shapes and declares at least one task type. */
class PluginShapeTest {

    private static final String PREFIX = "Kite plugin dev.kite.deployment.PluginShapeTest$";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Direct.class, Both.class, NoTypes.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> {
                BuildErrors.assertReported(t, PREFIX + "Direct implements TaskPlugin directly: implement SyncPlugin, "
                        + "AsyncPlugin or KubernetesPlugin");
                BuildErrors.assertReported(t, PREFIX + "Both implements 2 plugin shapes (SyncPlugin, AsyncPlugin): "
                        + "implement exactly one");
                BuildErrors.assertReported(t, PREFIX + "NoTypes: @TaskTypes needs one or more non-empty task types, "
                        + "got []");
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    @TaskTypes("direct")
    public static class Direct implements TaskPlugin<NoConfig> {
    }

    @ApplicationScoped
    @TaskTypes("both")
    public static class Both implements SyncPlugin<NoConfig>, AsyncPlugin<NoConfig, String> {
        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }

        @Override
        public Uni<String> submit(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item("job");
        }

        @Override
        public Uni<TaskStatus> poll(TaskContext<NoConfig> ctx, String handle) {
            return Uni.createFrom().item(TaskStatus.running(null));
        }

        @Override
        public Uni<Void> cancel(TaskContext<NoConfig> ctx, String handle) {
            return Uni.createFrom().voidItem();
        }
    }

    @ApplicationScoped
    @TaskTypes({})
    public static class NoTypes implements SyncPlugin<NoConfig> {
        @Override
        public Uni<TaskResult> run(TaskContext<NoConfig> ctx) {
            return Uni.createFrom().item(TaskResult.succeeded(null));
        }
    }
}
