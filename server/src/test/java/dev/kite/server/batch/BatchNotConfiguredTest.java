package dev.kite.server.batch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * The batch plugin's settings name credential secrets that Kite does not have: Kite still starts,
 * readiness and the plugins listing show the batch plugin down naming the setting, its tasks fail
 * with SYSTEM non-recoverable {@code BATCH_NOT_CONFIGURED}, and the other task types keep working.
 */
@QuarkusTest
@TestProfile(BatchNotConfiguredTest.MissingSecrets.class)
class BatchNotConfiguredTest {

    public static class MissingSecrets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kite.batch.access-key-id-secret", "batch-id-nobody-set",
                    "kite.batch.secret-access-key-secret", "batch-key-nobody-set");
        }
    }

    @Test
    void thePluginIsDownAndItsTasksFailWithATypedError() {
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        String batch = ready.getString("checks.find { it.name == 'Plugins' }.data.batch");
        assertTrue(batch.startsWith("down: kite.batch.access-key-id-secret names secret 'batch-id-nobody-set'"), batch);
        assertEquals("up", ready.getString("checks.find { it.name == 'Plugins' }.data.echo"), ready.prettify());
        JsonPath plugins = given().get("/api/v1/plugins").then().statusCode(200).extract().jsonPath();
        assertFalse(plugins.getBoolean("find { it.name == 'batch' }.healthy"));
        assertTrue(plugins.getString("find { it.name == 'batch' }.problem").contains("batch-id-nobody-set"));

        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "train", "version": "v1"}, "type": "batch",
                 "metadata": {"retries": 2}, "config": {"queue": "q", "jobDefinition": "trainer:1"}}""".formatted(p));
        JsonPath e = Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "train"}}""".formatted(p)));
        assertEquals("FAILED", e.getString("phase"), e.prettify());
        assertEquals("SYSTEM", e.getString("error.kind"));
        assertEquals("BATCH_NOT_CONFIGURED", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("kite.secrets.\"batch-id-nobody-set\""), e.getString("error.message"));
        assertEquals(1, e.getList("attempts").size(), "not retried: it cannot work until an operator sets the secret");

        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "e", "version": "v1"}, "type": "echo"}""".formatted(p));
        assertEquals("SUCCEEDED", Api.await(Api.submit(
                "{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"e\"}}".formatted(p))).getString("phase"));
    }
}
