package dev.kite.server.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

import dev.kite.server.Api;
import dev.kite.server.kubernetes.Kubelet;
import dev.kite.server.security.BootstrapKey;

/**
 * The web console in a real browser: Debian's Chromium driven by Playwright
 * ({@code src/test/console/console.e2e.mjs}) against this Kite, with data this test prepares —
 * a finished execution with a retried attempt, a task with a typed interface to run from the
 * form, hanging executions to abort and to look at as a viewer, and a container task whose
 * pod (played by the simulated kubelet) writes a log (see {@link Browser}).
 */
@QuarkusTest
@WithKubernetesTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleInBrowserTest {

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    java.net.URL base;

    Kubelet kubelet;

    @AfterAll
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void theConsoleWorksInABrowser() throws Exception {
        kubelet = new Kubelet(server.getClient());
        // served by Kite without credentials (the pages hold none), with a policy keeping them to Kite's own resources
        given().noFilters().redirects().follow(false).get("/console").then().statusCode(302).header("Location", "/console/");
        given().noFilters().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"));
        given().noFilters().get("/console/config.json").then().statusCode(200).body("oidc", nullValue());
        Browser.run("main", base.toString(), prepare());
    }

    /** Projects, tasks, keys and executions for the scenarios, handed to the script as environment variables. */
    private Map<String, String> prepare() throws IOException {
        String project = Api.project();
        Api.scripted(project, "flaky", "{\"retries\": 2}");
        String finished = Api.runScript(project, "flaky", "user", "ok");
        assertEquals("SUCCEEDED", Api.await(finished).getString("phase"));
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "report", "version": "v1"},
                 "type": "scripted",
                 "interface": {"inputs": {"script": {"type": {"collection": "string"}, "description": "one step per attempt"},
                                          "count": {"type": "integer", "description": "how many"},
                                          "data": {"type": {"blob": {"format": "csv"}}},
                                          "note": {"type": "string", "default": "hello"}},
                               "outputs": {"attempt": {"type": "integer"}}},
                 "metadata": {"retries": 2, "retryBackoff": {"initial": "PT2S", "max": "PT2S", "jitter": 0.0},
                              "cache": {"version": "1"}}}""".formatted(project));
        Path root = Path.of(ConfigProvider.getConfig().getValue("kite.storage.local.root", String.class)).toAbsolutePath();
        Path blob = root.resolve("console-" + project).resolve("report.csv");
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "region,total\nnorth,3\n");
        Api.scripted(project, "sleepy", "{}");
        String toAbort = Api.runScript(project, "sleepy", "hang");
        String forViewer = Api.runScript(project, "sleepy", "hang");
        String chatty = containerWithLog(project);
        String viewer = key(project + "-viewer", project + ":viewer");
        return Map.ofEntries(Map.entry("ADMIN_KEY", BootstrapKey.VALUE), Map.entry("VIEWER_KEY", viewer), Map.entry("PROJECT", project),
                Map.entry("FINISHED", finished), Map.entry("TO_ABORT", toAbort), Map.entry("FOR_VIEWER", forViewer),
                Map.entry("CONTAINER", chatty), Map.entry("BLOB_URI", blob.toUri().toString()));
    }

    /** A container task left running by the simulated kubelet, its pod's log served by the Kubernetes test server. */
    private String containerWithLog(String project) {
        Api.register("""
                {"id": {"project": "%s", "domain": "development", "name": "chatty", "version": "v1"},
                 "type": "container",
                 "container": {"image": "registry.example/sim:1.0", "command": ["kubelet-sim"], "args": ["run", ""]}}
                """.formatted(project));
        String id = Api.submit("{\"task\": {\"project\": \"" + project + "\", \"domain\": \"development\", \"name\": \"chatty\"}}");
        Instant until = Instant.now().plusSeconds(30);
        while (kubelet.podsOf(id).isEmpty() || !"RUNNING".equals(given().get("/api/v1/executions/" + id).path("phase"))) {
            assertTrue(Instant.now().isBefore(until), "the pod of " + id + " runs within 30 s");
            Api.pause();
        }
        Pod pod = kubelet.podsOf(id).get(0);
        String log = "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName()
                + "/log?pretty=false&container=task";
        server.expect().get().withPath(log).andReturn(200, "line one\nline two\n").always();
        server.expect().get().withPath(log + "&follow=true").andReturn(200, "line one\nline two\nline three\n").always();
        return id;
    }

    private static String key(String name, String scope) {
        return given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"scopes\": [\"" + scope + "\"]}")
                .post("/api/v1/keys").then().statusCode(201).extract().path("key");
    }
}
