package dev.kite.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A RecoverableException from a @KiteTask method is retried per metadata.retries (2 for "flaky"). */
@QuarkusTest
class JavaRecoverableExceptionRetriesTest {

    @Test
    void succeedsWhenARetryDoes() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "flaky"}, "inputs": {"failures": 2}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals("ok after 2 retries", e.getString("outputs.o0"));
        assertEquals(3, e.getList("attempts").size());
        assertEquals("USER", e.getString("attempts[0].error.kind"));
        assertTrue(e.getBoolean("attempts[0].error.recoverable"));
        assertEquals("RecoverableException", e.getString("attempts[1].error.code"));
    }

    @Test
    void failsWhenTheRetriesRunOut() {
        String id = Api.submit("""
                {"task": {"project": "kite-tests", "domain": "development", "name": "flaky"}, "inputs": {"failures": 5}}
                """);
        JsonPath e = Api.await(id);
        assertEquals("FAILED", e.getString("phase"));
        assertEquals(3, e.getList("attempts").size());
        assertEquals("USER", e.getString("error.kind"));
        assertTrue(e.getBoolean("error.recoverable"));
        assertTrue(e.getString("error.message").contains("retries exhausted"), e.getString("error.message"));
    }
}
