package dev.kite.server.kubernetes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

import dev.kite.server.Api;

/**
 * With {@code kite.kubernetes.keep-on-failure}, a failed attempt's pod stays for a post-mortem:
 * its log is still served, and the attempt carries the configured log links. Succeeded attempts'
 * pods are deleted all the same.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(KeptFailedPodsTest.Keep.class)
class KeptFailedPodsTest {

    public static class Keep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kite.kubernetes.keep-on-failure", "true",
                    "kite.kubernetes.log-links.console", "https://logs.example.com/{{.pod.namespace}}/{{.pod.name}}?c={{.pod.container}}&run={{.execution.id}}");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void aFailedAttemptsPodIsKeptWithItsLog() {
        try (Kubelet kubelet = new Kubelet(server.getClient())) {
            String project = Api.project();
            Api.register("""
                    {"id": {"project": "%s", "domain": "development", "name": "fails", "version": "v1"},
                     "type": "container", "metadata": {"retries": 0},
                     "container": {"image": "registry.example/sim:1", "command": ["kubelet-sim"], "args": ["exit:2"]}}
                    """.formatted(project));
            Api.register("""
                    {"id": {"project": "%s", "domain": "development", "name": "works", "version": "v1"},
                     "type": "container",
                     "container": {"image": "registry.example/sim:1", "command": ["kubelet-sim"], "args": ["ok"]}}
                    """.formatted(project));
            String failed = Api.submit("{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"fails\"}}".formatted(project));
            String worked = Api.submit("{\"task\": {\"project\": \"%s\", \"domain\": \"development\", \"name\": \"works\"}}".formatted(project));

            JsonPath e = Api.await(failed);
            assertEquals("FAILED", e.getString("phase"));
            Pod pod = kubelet.created(failed).get(0);
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            assertEquals("https://logs.example.com/" + ns + "/" + name + "?c=task&run=" + failed,
                    e.getString("attempts[0].logs.links.console"));

            assertEquals("SUCCEEDED", Api.await(worked).getString("phase"));
            ContainerTasksTest.await(() -> kubelet.podsOf(worked).isEmpty(), "the succeeded attempt's pod deleted");
            // watched for longer than a backoff and a sweep: a late clean-up or a retry would show by then
            // (before: checked at once, when neither could have happened yet)
            Api.waitOutRetries();
            assertEquals(1, kubelet.podsOf(failed).size(), "the failed attempt's pod is kept");
            assertEquals(1, kubelet.created(failed).size(), "no retry of a task with retries 0");

            server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + name + "/log?pretty=false&container=task")
                    .andReturn(200, "Traceback: boom\n").always();
            given().get("/api/v1/executions/" + failed + "/attempts/0/logs").then().statusCode(200)
                    .body(containsString("Traceback: boom"));
        }
    }
}
