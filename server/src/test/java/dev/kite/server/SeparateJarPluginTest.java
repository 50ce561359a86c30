package dev.kite.server;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A plugin in a jar of its own (testing/separate-jar-plugin, a test dependency with a beans.xml
 * and no registration code) is found at build time, listed, and runs its tasks.
 */
@QuarkusTest
class SeparateJarPluginTest {

    @Test
    void isListedWithItsTaskTypes() {
        List<Map<String, Object>> plugins = given().get("/api/v1/plugins").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> reverse = plugins.stream().filter(p -> "reverse".equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin 'reverse' in " + plugins));
        assertEquals(List.of("reverse"), reverse.get("taskTypes"));
        assertEquals("dev.kite.testplugin.ReversePlugin", reverse.get("class"));
        assertEquals("sync", reverse.get("shape"));
        assertEquals(true, reverse.get("healthy"));
    }

    @Test
    void runsATaskWithItsConfig() {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "rev", "version": "v1"},
                 "type": "reverse",
                 "interface": {"inputs": {"text": {"type": "string"}}, "outputs": {"text": {"type": "string"}}},
                 "config": {"upperCase": true}}
                """.formatted(p));
        String id = Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "rev"}, "inputs": {"text": "kite"}}
                """.formatted(p));
        JsonPath e = Api.await(id);
        assertEquals("SUCCEEDED", e.getString("phase"), () -> e.prettify());
        assertEquals("ETIK", e.getString("outputs.text"));
    }
}
