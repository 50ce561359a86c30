package dev.kite.server.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

@QuarkusTest
class UnhealthyPluginTest {

    @Test
    void itsTasksFailWithASystemErrorAndTheRestKeepsServing() {
        given().get("/api/v1/plugins").then().statusCode(200)
                .body("find { it.name == 'broken' }.healthy", equalTo(false))
                .body("find { it.name == 'broken' }.problem", containsString("warehouse unreachable"))
                .body("find { it.name == 'echo' }.healthy", equalTo(true));
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "b", "version": "v1"}, "type": "broken"}""".formatted(p));
        JsonPath e = Api.await(Api.submit("{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"b\"}}".formatted(p)));
        assertEquals("FAILED", e.getString("phase"));
        assertEquals("SYSTEM", e.getString("error.kind"));
        assertEquals("PLUGIN_UNHEALTHY", e.getString("error.code"));
        assertTrue(e.getString("error.message").contains("warehouse unreachable"));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "e", "version": "v1"}, "type": "echo"}""".formatted(p));
        assertEquals("SUCCEEDED", Api.await(Api.submit(
                "{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"e\"}}".formatted(p))).getString("phase"));
    }
}
