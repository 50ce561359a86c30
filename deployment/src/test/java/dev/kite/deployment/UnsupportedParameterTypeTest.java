package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.spi.KiteTask;

/** A @KiteTask parameter whose type has no place in a task interface fails the build, naming the parameter. */
class UnsupportedParameterTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Tags.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> BuildErrors.assertReported(t, "@KiteTask method "
                    + "dev.kite.deployment.UnsupportedParameterTypeTest$Tags#count(String, Set): parameter 'tags' has "
                    + "the type java.util.Set<java.lang.String>, which a @KiteTask method cannot use; "
                    + KiteTaskSignature.SUPPORTED));

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Tags {
        @KiteTask(project = "unit-tests", name = "count-tags", version = "v1")
        public int count(String owner, Set<String> tags) {
            return tags.size();
        }
    }
}
