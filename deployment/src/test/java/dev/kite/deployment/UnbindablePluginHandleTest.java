package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

import dev.kite.spi.AsyncPlugin;
import dev.kite.spi.NoConfig;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.TaskTypes;

/**
 * A handle that cannot be read back from JSON would strand every submitted job: the build refuses
 * it. Here a plugin extends a generic base class raw, so nothing says what its handle is.
 */
class UnbindablePluginHandleTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(GenericJobs.class, JobPlugin.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "Kite plugin "
                    + "dev.kite.deployment.UnbindablePluginHandleTest$JobPlugin: its handle class java.lang.Object "
                    + "cannot be bound to and from JSON: java.lang.Object says nothing about the JSON; bind a concrete "
                    + "class (is a type argument missing, a raw type?)"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    public abstract static class GenericJobs<H> implements AsyncPlugin<NoConfig, H> {
        @Override
        public Uni<TaskStatus> poll(TaskContext<NoConfig> ctx, H handle) {
            return Uni.createFrom().item(TaskStatus.running(null));
        }

        @Override
        public Uni<Void> cancel(TaskContext<NoConfig> ctx, H handle) {
            return Uni.createFrom().voidItem();
        }
    }

    @ApplicationScoped
    @TaskTypes("job")
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static class JobPlugin extends GenericJobs {
        @Override
        public Class handleType() {
            return Object.class;
        }

        @Override
        public Uni submit(TaskContext ctx) {
            return Uni.createFrom().item(ctx.generatedName());
        }
    }
}
