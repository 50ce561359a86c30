package dev.kite.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.kite.server.Api;

/**
 * A task whose config its plugin no longer accepts (registered before the plugin became stricter)
 * fails before any attempt, as a USER non-recoverable error naming the field.
 */
@QuarkusTest
class InvalidConfigFailsBeforeTheFirstAttemptTest {

    @Inject
    Pool pool;

    @Test
    void failsNamingTheField() {
        String p = Api.project();
        // written straight to the registry, as an older Kite whose echo plugin had a 'colour' field would have
        String template = """
                {"id": {"project": "%s", "domain": "development", "name": "old", "version": "v1"},
                 "type": "echo", "metadata": {"retries": 3, "interruptible": false}, "config": {"colour": "red"}}""".formatted(p);
        pool.preparedQuery("insert into tasks (project, domain, name, version, type, template, digest) "
                + "values ($1, 'development', 'old', 'v1', 'echo', $2::text::jsonb, 'legacy')")
                .execute(Tuple.of(p, template)).await().atMost(Duration.ofSeconds(10));
        JsonPath e = Api.await(Api.submit(
                "{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"old\"}}".formatted(p)));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("USER", e.getString("error.kind"));
        assertFalse(e.getBoolean("error.recoverable"));
        assertEquals("INVALID_CONFIG", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("config.colour"), e.getString("error.message"));
        assertEquals(0, e.getList("attempts").size(), "no attempt was made");
    }
}
