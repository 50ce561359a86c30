package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.spi.KiteTask;

/** A @KiteTask belongs on a non-private, non-static, non-generic method of an application-wide bean; the build says which rule a method breaks. */
class KiteTaskPlacementTest {

    private static final String PREFIX = "@KiteTask method dev.kite.deployment.KiteTaskPlacementTest$";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Misplaced.class, NotABean.class))
            .withConfigurationResource("kite-unit-test.properties")
            .assertException(t -> {
                BuildErrors.assertReported(t, PREFIX + "Misplaced#shared(): it is static; make it an instance method "
                        + "of the bean");
                BuildErrors.assertReported(t, PREFIX + "Misplaced#hidden(): it is private; Kite calls it from generated "
                        + "code, so make it at least package-private");
                BuildErrors.assertReported(t, PREFIX + "Misplaced#first(List): it is generic; a task's interface needs "
                        + "concrete types");
                BuildErrors.assertReported(t, PREFIX + "NotABean#task(): its class is not an application-wide bean: "
                        + "annotate KiteTaskPlacementTest$NotABean with @ApplicationScoped (or @Singleton)");
            });

    @Test
    void theBuildFails() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Misplaced {
        @KiteTask(project = "unit-tests", version = "v1")
        public static void shared() {
        }

        @KiteTask(project = "unit-tests", version = "v1")
        private void hidden() {
        }

        @KiteTask(project = "unit-tests", version = "v1")
        public <T> String first(List<T> items) {
            return String.valueOf(items.get(0));
        }

        /** Keeps the private method used. */
        public void callHidden() {
            hidden();
        }
    }

    public static class NotABean {
        @KiteTask(project = "unit-tests", version = "v1")
        public void task() {
        }
    }
}
