package dev.kite.server.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * Per-project roles with OIDC tokens of a real (local) issuer: a viewer reads but cannot submit,
 * a submitter of A cannot see anything of B (404, as if it did not exist) nor evict its cache, a
 * list shows only visible projects; tampered, expired, foreign-signed, wrong-audience and
 * wrong-issuer tokens are refused; changes are audited with their principal.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class ProjectRolesTest {

    private static final String SUBMIT = """
            {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {"script": [%s]}}""";

    String a;
    String b;

    @BeforeEach
    void projects() {
        a = Api.project();
        b = Api.project();
        for (String p : List.of(a, b)) {
            Api.scripted(p, "step", "{}");
            Api.scripted(p, "cached", "{\"cache\": {\"version\": \"1\"}}");
        }
    }

    private static Response submit(String credential, String project, String task, String steps) {
        return Auth.as(credential).contentType(ContentType.JSON).body(SUBMIT.formatted(project, task, steps))
                .post("/api/v1/executions");
    }

    @Test
    void whoamiSaysWhatTheCallerMayDo() {
        String token = Auth.token("wanda", a + ":viewer", b + ":admin", "*:viewer", "operator", "unrelated-group");
        Auth.as(token).get("/api/v1/whoami").then().statusCode(200)
                .body("principal", equalTo("wanda"))
                .body("projects." + a, equalTo("viewer"))
                .body("projects." + b, equalTo("admin"))
                .body("projects.size()", equalTo(2))
                .body("everywhere", equalTo("viewer"))
                .body("operator", equalTo(true));
        String plain = Auth.token("vic", a + ":submitter");
        Auth.as(plain).get("/api/v1/whoami").then().statusCode(200)
                .body("projects." + a, equalTo("submitter"))
                .body("everywhere", equalTo(null))
                .body("operator", equalTo(false));
        Auth.anonymous().get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void aViewerReadsButCannotSubmit() {
        String viewer = Auth.token("vera", a + ":viewer");
        Auth.as(viewer).get("/api/v1/tasks/" + a + "/development/step/v1").then().statusCode(200);
        Auth.as(viewer).get("/api/v1/tasks?project=" + a).then().statusCode(200);
        submit(viewer, a, "step", "\"ok\"").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("vera: you are viewer of project '" + a + "'; this needs submitter"));
        Auth.as(viewer).contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "new", "version": "v1"}, "type": "scripted",
                 "interface": {"inputs": {"script": {"type": {"collection": "string"}}}, "outputs": {}}}""".formatted(a))
                .post("/api/v1/tasks").then().statusCode(403);
        List<String> visible = Auth.as(viewer).get("/api/v1/projects").then().statusCode(200).extract().path("id");
        assertEquals(List.of(a), visible, "the list shows only the projects the caller may see");
        Auth.as(viewer).get("/api/v1/plugins").then().statusCode(403);
    }

    @Test
    void aSubmitterOfASeesNothingOfB() {
        String alice = Auth.token("alice", a + ":submitter");
        String mine = submit(alice, a, "step", "\"ok\"").then().statusCode(202).body("submittedBy", equalTo("alice"))
                .extract().path("id");
        JsonPath done = Api.await(mine);
        assertEquals("alice", done.getString("submittedBy"));

        String theirs = Api.runScript(b, "step", "ok");
        Api.await(theirs);
        String missing = "0190a0b1-0000-7000-8000-00000000abcd";
        String hidden = Auth.as(alice).get("/api/v1/executions/" + theirs).then().statusCode(404).extract().path("detail");
        String absent = Auth.as(alice).get("/api/v1/executions/" + missing).then().statusCode(404).extract().path("detail");
        assertEquals(hidden.replace(theirs, "X"), absent.replace(missing, "X"), "a hidden execution reads like a missing one");
        Auth.as(alice).get("/api/v1/executions/" + theirs + "?wait=1").then().statusCode(404);
        Auth.as(alice).get("/api/v1/executions/" + theirs + "/events").then().statusCode(404);
        Auth.as(alice).get("/api/v1/executions/" + theirs + "/attempts/0/logs").then().statusCode(404);
        String dataHidden = Auth.as(alice).get("/api/v1/executions/" + theirs + "/data/inputs/script").then().statusCode(404)
                .extract().path("detail");
        String dataAbsent = Auth.as(alice).get("/api/v1/executions/" + missing + "/data/inputs/script").then().statusCode(404)
                .extract().path("detail");
        assertEquals(dataHidden.replace(theirs, "X"), dataAbsent.replace(missing, "X"), "another project's data reads as missing");
        Auth.as(alice).post("/api/v1/executions/" + theirs + "/abort").then().statusCode(404);
        Auth.as(alice).get("/api/v1/executions?project=" + b).then().statusCode(404);
        Auth.as(alice).get("/api/v1/tasks/" + b + "/development/step/v1").then().statusCode(404);
        Auth.as(alice).get("/api/v1/projects/" + b).then().statusCode(404);
        submit(alice, b, "step", "\"ok\"").then().statusCode(404).body("errors[0].path", equalTo("task"));
        given().get("/api/v1/executions/" + theirs).then().statusCode(200).body("submittedBy", equalTo("bootstrap (key bootstrap)"));
    }

    @Test
    void cacheEvictionNeedsAnAdminOfTheOwningProject() {
        String key = cachedRun(b);
        String alice = Auth.token("alice", a + ":admin");
        Auth.as(alice).delete("/api/v1/cache/keys/" + key).then().statusCode(200).body("removed", equalTo(0));
        Auth.as(alice).delete("/api/v1/cache/" + b + "/development/cached").then().statusCode(404);
        assertEquals("HIT", cacheStatusOfRun(b), "B's entry is still there");

        String ownKey = cachedRun(a);
        String submitter = Auth.token("sam", a + ":submitter");
        Auth.as(submitter).delete("/api/v1/cache/keys/" + ownKey).then().statusCode(403);
        Auth.as(Auth.token("bea", b + ":viewer")).delete("/api/v1/cache/keys/" + key).then().statusCode(403);
        Auth.as(alice).delete("/api/v1/cache/keys/" + ownKey).then().statusCode(200).body("removed", equalTo(1));

        JsonPath audit = given().get("/api/v1/audit?project=" + a + "&action=cache.evicted").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("alice"), audit.getList("items.principal"), "one eviction in A, by alice");
        assertEquals("key " + ownKey, audit.getString("items[0].target"));
    }

    private static String cachedRun(String project) {
        String id = Api.submit(SUBMIT.formatted(project, "cached", "\"ok\""));
        return Api.await(id).getString("cacheKey");
    }

    private static String cacheStatusOfRun(String project) {
        return Api.await(Api.submit(SUBMIT.formatted(project, "cached", "\"ok\""))).getString("cacheStatus");
    }

    @Test
    void abortsAndSubmissionsAreAuditedWithTheirPrincipal() {
        String alice = Auth.token("alice", a + ":submitter");
        String id = submit(alice, a, "step", "\"hang\"").then().statusCode(202).extract().path("id");
        String bob = Auth.token("bob", a + ":submitter", b + ":viewer");
        Auth.as(bob).post("/api/v1/executions/" + id + "/abort").then().statusCode(200)
                .body("phase", equalTo("ABORTED"), "abortedBy", equalTo("bob"), "submittedBy", equalTo("alice"));
        Auth.as(Auth.token("vera", a + ":viewer")).post("/api/v1/executions/" + id + "/abort").then().statusCode(403);

        JsonPath audit = Auth.as(Auth.token("ada", a + ":admin")).get("/api/v1/audit?project=" + a).then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> items = audit.getList("items");
        Map<String, Object> aborted = items.get(0);
        assertEquals("execution.aborted", aborted.get("action"));
        assertEquals("bob", aborted.get("principal"));
        assertEquals(id, aborted.get("target"));
        assertEquals("127.0.0.1", aborted.get("address"));
        Map<String, Object> submitted = items.get(1);
        assertEquals("execution.submitted", submitted.get("action"));
        assertEquals("alice", submitted.get("principal"));
        assertEquals(null, submitted.get("keyName"), "a token, not a key");
        assertTrue(items.stream().anyMatch(e -> "task.registered".equals(e.get("action"))
                && (a + "/development/step/v1").equals(e.get("target")) && "bootstrap".equals(e.get("principal"))), items.toString());
        assertTrue(items.stream().anyMatch(e -> "project.created".equals(e.get("action"))), items.toString());
        assertTrue(items.stream().allMatch(e -> a.equals(e.get("project"))), "only A's events");

        Auth.as(Auth.token("ada", a + ":admin")).get("/api/v1/audit").then().statusCode(403);
        Auth.as(Auth.token("ada", a + ":admin")).get("/api/v1/audit?project=" + b).then().statusCode(404);
    }

    @Test
    void badTokensAreRefused() {
        String good = Auth.token("alice", a + ":submitter");
        Auth.as(good).get("/api/v1/projects/" + a).then().statusCode(200);
        String[] parts = good.split("\\.");
        // the same signature over a payload that claims more
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(a + ":submitter", "*:admin").getBytes())
                + "." + parts[2];
        for (String bad : List.of(forged,
                Auth.tokenWith(Map.of("sub", "alice", "roles", a + ":submitter", "exp", "-120")),
                Auth.tokenWith(Map.of("sub", "alice", "roles", a + ":submitter", "foreign", "true")),
                Auth.tokenWith(Map.of("sub", "alice", "roles", a + ":submitter", "aud", "another-service")),
                Auth.tokenWith(Map.of("sub", "alice", "roles", a + ":submitter", "iss", "http://127.0.0.1:1/elsewhere")))) {
            Auth.as(bad).get("/api/v1/projects/" + a).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("invalid_token"));
        }
        assertFalse(forged.equals(good));
    }
}
