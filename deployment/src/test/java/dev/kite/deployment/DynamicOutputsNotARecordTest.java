package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.model.Graph;
import dev.kite.spi.KiteTask;

/** A dynamic @KiteTask (returning a Graph) whose declared outputs are not a record fails the build, naming the method. */
class DynamicOutputsNotARecordTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Fan.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "@KiteTask method "
                    + "dev.kite.deployment.DynamicOutputsNotARecordTest$Fan#fan(long): @KiteTask outputs: java.lang.String "
                    + "must be a record (one output per component)"));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Fan {
        @KiteTask(project = "unit-tests", name = "fan", version = "v1", outputs = String.class)
        public Graph fan(long n) {
            return Graph.builder().build();
        }
    }
}
