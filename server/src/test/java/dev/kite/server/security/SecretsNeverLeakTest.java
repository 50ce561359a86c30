package dev.kite.server.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.kite.server.Api;

/**
 * Secrets — a {@code kite.secrets.*} value sent by an http task, the bootstrap key, an issued API
 * key, an OIDC token, the hash secret — appear in no API answer (headers and bodies of every call
 * made here, errors included; the one exception is the answer that issues a key) and nowhere in
 * the server's log (DEBUG for Kite, with the HTTP access log).
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class SecretsNeverLeakTest {

    private static final String TASK_SECRET = "tok-very-secret-123";
    private static final String HASH_SECRET = "test-hash-secret-0123456789abcdefghij";

    private final List<String> answers = new ArrayList<>();
    private final Filter recorder = (request, response, ctx) -> {
        var r = ctx.next(request, response);
        answers.add(request.getMethod() + " " + request.getURI() + " -> " + r.getStatusLine() + "\n" + r.getHeaders() + "\n"
                + r.asString());
        return r;
    };

    private RequestSpecification as(String credential) {
        return Auth.as(credential).filter(recorder);
    }

    @Test
    void noSecretInAnyAnswerOrInTheLog() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", x -> {
            // a careless service: its error repeats the credential it was sent
            byte[] body = ("{\"title\": \"Bad Request\", \"detail\": \"rejected " + x.getRequestHeaders().getFirst("Authorization")
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(400, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
        try {
            scenario("http://127.0.0.1:" + echo.getAddress().getPort() + "/things");
        } finally {
            echo.stop(0);
        }
    }

    private void scenario(String url) throws Exception {
        String p = Api.project();
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "call", "version": "v1"},
                 "type": "http",
                 "config": {"method": "POST", "url": "%s", "body": {},
                            "headers": {"Authorization": {"secret": "http-token", "prefix": "Bearer "}}}}
                """.formatted(p, url));
        var issued = given().contentType(ContentType.JSON).body("{\"name\": \"leak-check\", \"scopes\": [\"" + p + ":admin\"]}")
                .post("/api/v1/keys").then().statusCode(201).extract().jsonPath();
        String key = issued.getString("key");
        String token = Auth.token("tina", p + ":submitter");

        String id = as(key).contentType(ContentType.JSON).body("""
                {"task": {"project": "%s", "domain": "development", "name": "call"}, "inputs": {}}""".formatted(p))
                .post("/api/v1/executions").then().statusCode(202).extract().path("id");
        assertEquals("FAILED", as(key).get("/api/v1/executions/" + id + "?wait=20").then().statusCode(200).extract().path("phase"));
        as(token).get("/api/v1/executions/" + id).then().statusCode(200);
        as(token).get("/api/v1/executions/" + id + "/events").then().statusCode(200);
        as(token).get("/api/v1/executions?project=" + p).then().statusCode(200);
        as(token).get("/api/v1/tasks/" + p + "/development/call/v1").then().statusCode(200);
        as(key).get("/api/v1/audit?project=" + p).then().statusCode(200);
        as(key).get("/api/v1/keys").then().statusCode(200);
        as(BootstrapKey.VALUE).get("/api/v1/audit").then().statusCode(200);
        as(BootstrapKey.VALUE).get("/api/v1/keys").then().statusCode(200);
        as(BootstrapKey.VALUE).get("/q/metrics").then().statusCode(200);
        as(token + "x").get("/api/v1/projects").then().statusCode(401);
        as(key + "x").get("/api/v1/projects").then().statusCode(401);
        as(key).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scopes\": [\"*:admin\"]}").post("/api/v1/keys").then()
                .statusCode(403);
        as(token).post("/api/v1/executions/not-an-id/abort").then().statusCode(404);
        as(BootstrapKey.VALUE).delete("/api/v1/keys/" + issued.getString("id")).then().statusCode(200);
        as(key).get("/api/v1/projects").then().statusCode(401);

        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String logged = Files.readString(log);
        assertTrue(logged.contains("POST /api/v1/executions"), "the access log is in the file read here");
        Map<String, String> secrets = Map.of("the http task's secret", TASK_SECRET, "the bootstrap key", BootstrapKey.VALUE,
                "the issued key", key, "the OIDC token", token, "the hash secret", HASH_SECRET,
                "the OIDC token's signature", token.substring(token.lastIndexOf('.') + 1));
        assertTrue(answers.size() >= 17, "every call was recorded: " + answers.size());
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            assertFalse(logged.contains(s.getValue()), s.getKey() + " is in the log " + log);
            for (String answer : answers) {
                assertFalse(answer.contains(s.getValue()), s.getKey() + " is in the answer " + answer);
            }
        }
    }
}
