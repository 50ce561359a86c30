package dev.kite.server.security;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test of this module (JUnit's extension auto-detection, see
 * junit-platform.properties and META-INF/services): installs {@link BootstrapKey} in the
 * RestAssured the test class itself uses — a {@code @QuarkusTest} class may be loaded by Quarkus's
 * class loader, with RestAssured statics of its own.
 */
public class DefaultCredentials implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        install(context.getRequiredTestClass().getClassLoader());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install(context.getTestInstance().map(i -> i.getClass().getClassLoader())
                .orElse(context.getRequiredTestClass().getClassLoader()));
    }

    private static void install(ClassLoader loader) {
        try {
            Class.forName(BootstrapKey.class.getName(), true, loader).getMethod("install").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install the test credentials", e);
        }
    }
}
