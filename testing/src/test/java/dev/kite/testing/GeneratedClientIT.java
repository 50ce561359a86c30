package dev.kite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.kite.client.ApiClient;
import dev.kite.client.ApiException;
import dev.kite.client.api.ExecutionsApi;
import dev.kite.client.api.ProjectsApi;
import dev.kite.client.api.TasksApi;
import dev.kite.client.model.Execution;
import dev.kite.client.model.ExecutionEvent;
import dev.kite.client.model.Phase;
import dev.kite.client.model.SubmitRequest;
import dev.kite.client.model.TaskIdentifier;

/**
 * A Java client generated (OpenAPI Generator, at build time) from the document the server's build
 * stored registers a task, submits and waits, and reads the outputs and events, with the
 * generated types only: no hand-written type, no cast. The contract is what makes that possible.
 */
class GeneratedClientIT {

    @RegisterExtension
    static final KiteFixture FIXTURE = KiteFixture.sharedPostgres("client");

    private static KiteProcess kite;

    @BeforeAll
    static void start() {
        kite = FIXTURE.start(KiteProcess.newNodeId("client"));
    }

    private static ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(kite.baseUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + KiteProcess.API_KEY));
        return client;
    }

    @Test
    void registerSubmitWaitAndReadOutputs() throws ApiException {
        ApiClient client = client();
        String project = "gen" + Long.toHexString(System.nanoTime());
        new ProjectsApi(client).createProject(Map.of("id", project));
        new TasksApi(client).registerTask(Map.of(
                "id", Map.of("project", project, "domain", "development", "name", "double", "version", "v1"),
                "type", "test-job",
                "interface", Map.of("inputs", Map.of("n", Map.of("type", "integer")), "outputs", Map.of("n", Map.of("type", "integer"))),
                "config", Map.of("durationMs", 50)));

        ExecutionsApi executions = new ExecutionsApi(client);
        Execution submitted = executions.submitExecution(new SubmitRequest()
                .task(new TaskIdentifier().project(project).domain("development").name("double"))
                .inputs(Map.of("n", 21)), "30s");
        Execution done = submitted;
        while (!List.of(Phase.SUCCEEDED, Phase.FAILED, Phase.TIMED_OUT, Phase.ABORTED).contains(done.getPhase())) {
            done = executions.getExecution(submitted.getId(), "10");
        }
        assertEquals(Phase.SUCCEEDED, done.getPhase());
        assertEquals(21, done.getOutputs().get("n"));
        assertEquals("v1", done.getTask().getVersion());
        assertEquals(1, done.getAttempts().size());
        assertNotNull(done.getAttempts().get(0).getStartedAt());

        List<ExecutionEvent> events = executions.listExecutionEvents(submitted.getId(), null, null);
        assertEquals("QUEUED", events.get(0).getPhase());
        assertEquals("SUCCEEDED", events.get(events.size() - 1).getPhase());
        assertTrue(executions.listExecutions(project, null, null, null, null, null).getItems().stream()
                .anyMatch(e -> e.getId().equals(submitted.getId())));
    }
}
