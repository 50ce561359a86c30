package dev.kite.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.QuarkusUnitTest;

import dev.kite.model.Canonical;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.KiteTask;

/**
 * A @KiteTask whose version is registered with another signature stops the start-up, naming the
 * method: a registered version is immutable. The registry is prepared before the application starts.
 */
class KiteTaskChangedSignatureTest {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/"
            + System.getenv().getOrDefault("KITE_TEST_DB", "kite_test");

    /** The same task version as registered by an earlier build, when x was a string and nothing was returned. */
    private static final String REGISTERED = """
            {"id": {"project": "unit-tests", "domain": "development", "name": "changed", "version": "v1"},
             "type": "java", "interface": {"inputs": {"x": {"type": "string"}}, "outputs": {}}}
            """;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Changed.class))
            .withConfigurationResource("kite-unit-test.properties")
            .setBeforeAllCustomizer(KiteTaskChangedSignatureTest::registerTheOldVersion)
            .assertException(t -> BuildErrors.assertReported(t, "@KiteTask method "
                    + "dev.kite.deployment.KiteTaskChangedSignatureTest$Changed#changed(long): task "
                    + "unit-tests/development/changed/v1 is registered with another signature (registered: "
                    + "{\"inputs\":{\"x\":\"string\"},\"outputs\":{}}; this method: "
                    + "{\"inputs\":{\"x\":\"integer\"},\"outputs\":{\"o0\":\"integer\"}}). A registered version is "
                    + "immutable: give the method a new version, e.g. @KiteTask(version = \"v2\")"));

    @Test
    void theStartUpFails() {
        fail("the start-up should have failed");
    }

    @ApplicationScoped
    public static class Changed {
        @KiteTask(project = "unit-tests", name = "changed", version = "v1")
        public long changed(long x) {
            return x;
        }
    }

    private static void registerTheOldVersion() {
        Flyway.configure().dataSource(DB, "kite", "kite").locations("classpath:db/kite").load().migrate();
        try (Connection c = DriverManager.getConnection(DB, "kite", "kite")) {
            TaskTemplate old = TaskTemplate.fromJson(new ObjectMapper().readTree(REGISTERED));
            try (PreparedStatement p = c.prepareStatement(
                    "insert into projects (id, name) values ('unit-tests', 'unit-tests') on conflict (id) do nothing")) {
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("insert into tasks (project, domain, name, version, type, "
                    + "template, digest) values ('unit-tests', 'development', 'changed', 'v1', 'java', cast(? as jsonb), ?) "
                    + "on conflict (project, domain, name, version) do update set template = excluded.template, "
                    + "digest = excluded.digest, type = excluded.type")) {
                p.setString(1, Canonical.json(old.toJson()));
                p.setString(2, old.digest());
                p.executeUpdate();
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not prepare the registry", e);
        }
    }
}
