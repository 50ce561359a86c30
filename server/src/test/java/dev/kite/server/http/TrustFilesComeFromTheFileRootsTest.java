package dev.kite.server.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.kite.server.Api;

/**
 * {@code tls.caPath} may only name a file under {@code kite.http.file-roots} (the test profile
 * sets one directory). Before: any readable path was accepted ({@code /etc/shadow} → 201,
 * {@code /nonexistent} → 400, an oracle of which files exist), and Kite then read it as
 * certificates, failing each attempt as a retried SYSTEM error.
 */
@QuarkusTest
class TrustFilesComeFromTheFileRootsTest {

    private static Path root;

    @BeforeAll
    static void files() throws Exception {
        root = Path.of(ConfigProvider.getConfig().getValue("kite.http.file-roots", String.class).split(",")[0]);
        Files.createDirectories(root);
        Files.writeString(root.resolve("not-a-certificate.pem"), "PATH=/usr/bin\nSECRET=hunter2\n");
        Path store = root.resolve("ca.p12");
        Files.deleteIfExists(store);
        Files.deleteIfExists(root.resolve("ca.pem"));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=kite-test-ca", "-validity", "2",
                "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        run(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", root.resolve("ca.pem").toString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    private static Response register(String p, String name, String caPath) {
        return given().contentType(ContentType.JSON).body("""
                {"id": {"project": "%s", "domain": "development", "name": "%s", "version": "v1"},
                 "type": "http", "metadata": {"retries": 2},
                 "config": {"url": "https://127.0.0.1:9/", "tls": {"caPath": "%s"}}}
                """.formatted(p, name, caPath)).post("/api/v1/tasks");
    }

    private static JsonPath run(String p, String name) {
        return Api.await(Api.submit("""
                {"task": {"project": "%s", "domain": "development", "name": "%s"}, "inputs": {}}""".formatted(p, name)));
    }

    @Test
    void registrationTellsNothingAboutWhichFilesExist() {
        String p = Api.project();
        List<String> messages = List.of("/etc/shadow", "/etc/no-such-file", "/proc/self/environ").stream().map(path -> {
            Response r = register(p, "outside", path);
            assertEquals(400, r.statusCode(), path + ": " + r.asString());
            return r.jsonPath().getString("errors.find { it.path == 'config.tls.caPath' }.message");
        }).toList();
        assertEquals(1, messages.stream().distinct().count(), "one answer for existing and missing files: " + messages);
        assertTrue(messages.get(0).contains("kite.http.file-roots"), messages.get(0));
        Response dotted = register(p, "dotted", root + "/../../etc/shadow");
        assertEquals(400, dotted.statusCode(), dotted.asString());
        assertEquals(201, register(p, "missing-under-root", root + "/absent.pem").statusCode(),
                "under a root, the path alone decides at registration");
    }

    @Test
    void aFileThatHoldsNoCertificatesFailsTheTaskAtOnceAsAUserError() {
        String p = Api.project();
        for (String file : List.of("not-a-certificate.pem", "absent.pem")) {
            assertEquals(201, register(p, file, root.resolve(file).toString()).statusCode());
            JsonPath e = run(p, file);
            assertEquals("FAILED", e.getString("phase"), e.prettify());
            assertEquals("HTTP_TLS_CA", e.getString("error.code"), e.prettify());
            assertEquals("USER", e.getString("error.kind"));
            assertFalse(e.getBoolean("error.recoverable"));
            assertEquals(1, e.getList("attempts").size(), "not retried");
            assertFalse(e.getString("error.message").contains("hunter2"), "the file's content is not echoed");
        }
    }

    @Test
    void aCertificateUnderTheRootIsUsed() {
        String p = Api.project();
        assertEquals(201, register(p, "good-ca", root.resolve("ca.pem").toString()).statusCode());
        JsonPath e = run(p, "good-ca");
        // the certificates load, so the attempt gets as far as connecting (nothing listens on port 9)
        assertEquals("HTTP_CONNECT", e.getString("attempts[0].error.code"), e.prettify());
    }
}
