package dev.kite.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** An exception from a @KiteTask method is a USER error that is not retried, whatever the task's retries. */
@QuarkusTest
class JavaExceptionFailsAtOnceTest {

    @Test
    void failsAfterOneAttempt() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "broken"}, "inputs": {"why": "test"}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(1, e.getList("attempts").size());
        assertEquals("USER", e.getString("error.kind"));
        assertFalse(e.getBoolean("error.recoverable"));
        assertEquals("IllegalStateException", e.getString("error.code"));
        String attemptMessage = e.getString("attempts[0].error.message");
        assertTrue(attemptMessage.startsWith("java.lang.IllegalStateException: broken on purpose: test (at dev.kite.server.JavaTestTasks.broken("),
                attemptMessage);
    }
}
