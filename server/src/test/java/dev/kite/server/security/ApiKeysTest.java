package dev.kite.server.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * API keys: issued by an admin with scopes it holds, shown once (only a hash is kept), usable
 * until revoked or expired; the keys list never holds a key; issuing and revoking are audited.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class ApiKeysTest {

    private static final String SUBMIT = """
            {"task": {"project": "%s", "domain": "development", "name": "step"}, "inputs": {"script": ["ok"]}}""";

    @Test
    void aKeyWorksUntilRevokedAndIsShownOnlyOnce() {
        String p = Api.project();
        Api.scripted(p, "step", "{}");
        JsonPath created = given().contentType(ContentType.JSON).body("""
                {"name": "ci-deploy", "owner": "team-ci", "scopes": ["%s:submitter"], "expiresAt": "%s"}"""
                .formatted(p, Instant.now().plus(Duration.ofDays(1)))).post("/api/v1/keys").then().statusCode(201)
                .body("name", equalTo("ci-deploy"), "owner", equalTo("team-ci"), "createdBy", equalTo("bootstrap (key bootstrap)"),
                        "expiresAt", notNullValue(), "revokedAt", equalTo(null))
                .extract().jsonPath();
        String key = created.getString("key");
        String id = created.getString("id");
        assertTrue(key.startsWith("kite_") && key.length() > 40, key);
        assertEquals(key.substring(0, 12), created.getString("prefix"));

        String execution = Auth.as(key).contentType(ContentType.JSON).body(SUBMIT.formatted(p)).post("/api/v1/executions")
                .then().statusCode(202).body("submittedBy", equalTo("team-ci (key ci-deploy)")).extract().path("id");
        Auth.as(key).get("/api/v1/executions/" + execution + "?wait=10").then().statusCode(200);
        Auth.as(key).get("/api/v1/plugins").then().statusCode(403);

        String listed = given().get("/api/v1/keys").then().statusCode(200).extract().asString();
        assertTrue(listed.contains(id) && !listed.contains(key), "listed without the key itself");
        String lastUsed = given().get("/api/v1/keys").then().extract().jsonPath()
                .getString("find { it.id == '" + id + "' }.lastUsedAt");
        for (int i = 0; lastUsed == null && i < 50; i++) {
            sleep(100); // written in the background after the key's first use
            lastUsed = given().get("/api/v1/keys").then().extract().jsonPath().getString("find { it.id == '" + id + "' }.lastUsedAt");
        }
        assertNotNull(lastUsed, "the key's last use is recorded");

        given().delete("/api/v1/keys/" + id).then().statusCode(200).body("revokedAt", notNullValue(),
                "revokedBy", equalTo("bootstrap (key bootstrap)"));
        Auth.as(key).get("/api/v1/projects/" + p).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("revoked"));
        given().delete("/api/v1/keys/" + id).then().statusCode(200);

        JsonPath audit = given().get("/api/v1/audit?action=key.created").then().statusCode(200).extract().jsonPath();
        Map<String, Object> issued = audit.getMap("items.find { it.target == '" + id + "' }");
        assertEquals("bootstrap", issued.get("principal"));
        assertEquals("bootstrap", issued.get("keyName"));
        assertEquals(List.of(p + ":submitter"), ((Map<?, ?>) issued.get("detail")).get("scopes"));
        List<Object> revocations = given().get("/api/v1/audit?action=key.revoked").then().extract().jsonPath()
                .getList("items.findAll { it.target == '" + id + "' }");
        assertEquals(1, revocations.size(), "revoked once; the second revocation changed nothing");
        Auth.as(Auth.token("ada", p + ":admin")).get("/api/v1/audit?action=key.created").then().statusCode(403);
    }

    @Test
    void anExpiredKeyFails() {
        String p = Api.project();
        Instant expiry = Instant.now().plusSeconds(2);
        String key = given().contentType(ContentType.JSON).body("""
                {"name": "short", "scopes": ["%s:viewer"], "expiresAt": "%s"}""".formatted(p, expiry))
                .post("/api/v1/keys").then().statusCode(201).extract().path("key");
        Auth.as(key).get("/api/v1/projects/" + p).then().statusCode(200);
        while (Instant.now().isBefore(expiry.plusMillis(200))) {
            sleep(100);
        }
        Auth.as(key).get("/api/v1/projects/" + p).then().statusCode(401).body("detail", containsString("expired"));
        given().contentType(ContentType.JSON).body("{\"name\": \"past\", \"scopes\": [\"" + p + ":viewer\"], \"expiresAt\":"
                + " \"2020-01-01T00:00:00Z\"}").post("/api/v1/keys").then().statusCode(400).body("errors[0].path", equalTo("expiresAt"));
    }

    @Test
    void anAdminHandsOnOnlyWhatItHolds() {
        String p = Api.project();
        String q = Api.project();
        String admin = Auth.token("ada", p + ":admin");
        String mine = Auth.as(admin).contentType(ContentType.JSON).body("{\"name\": \"ada-ci\", \"scopes\": [\"" + p
                + ":submitter\"]}").post("/api/v1/keys").then().statusCode(201).body("owner", equalTo("ada")).extract().path("id");
        for (String scope : List.of(q + ":viewer", "*:viewer", "operator")) {
            Auth.as(admin).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scopes\": [\"" + scope + "\"]}")
                    .post("/api/v1/keys").then().statusCode(403);
        }
        Auth.as(Auth.token("sam", p + ":submitter")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"scopes\": [\"" + p + ":viewer\"]}").post("/api/v1/keys").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"name\": \"\", \"scopes\": [\"nope\"]}").post("/api/v1/keys").then()
                .statusCode(400).body("errors.path", org.hamcrest.Matchers.hasItems("name", "scopes[0]"));

        String otherKey = Auth.key("other", q + ":admin");
        assertFalse(otherKey.isEmpty());
        List<String> seen = Auth.as(admin).get("/api/v1/keys").then().statusCode(200).extract().path("name");
        assertEquals(List.of("ada-ci"), seen, "an admin of p manages p's keys only");
        Auth.as(admin).delete("/api/v1/keys/" + given().get("/api/v1/keys").then().extract().jsonPath()
                .getString("find { it.name == 'other' }.id")).then().statusCode(404);
        Auth.as(admin).delete("/api/v1/keys/" + mine).then().statusCode(200);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
