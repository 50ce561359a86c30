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
import dev.kite.client.model.CachePolicy;
import dev.kite.client.model.CompoundType;
import dev.kite.client.model.Execution;
import dev.kite.client.model.ExecutionEvent;
import dev.kite.client.model.Phase;
import dev.kite.client.model.Project;
import dev.kite.client.model.SimpleType;
import dev.kite.client.model.SubmitRequest;
import dev.kite.client.model.Task;
import dev.kite.client.model.TaskIdentifier;
import dev.kite.client.model.TaskInterface;
import dev.kite.client.model.TaskMetadata;
import dev.kite.client.model.TaskTemplate;
import dev.kite.client.model.TypeExpression;
import dev.kite.client.model.Variable;

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
        new ProjectsApi(client).createProject(new Project().id(project));
        TypeExpression integer = new TypeExpression(SimpleType.INTEGER);
        // a nested type expression: {"map": {"collection": "integer"}}
        TypeExpression weights = new TypeExpression(new CompoundType().map(new TypeExpression(new CompoundType().collection(integer))));
        Task registered = new TasksApi(client).registerTask(new TaskTemplate()
                .id(new TaskIdentifier().project(project).domain("development").name("double").version("v1"))
                .type("test-job")
                ._interface(new TaskInterface()
                        .inputs(Map.of("n", new Variable().type(integer), "weights", new Variable().type(weights)._default(Map.of())))
                        // the job server answers the inputs as outputs
                        .outputs(Map.of("n", new Variable().type(integer), "weights", new Variable().type(weights))))
                .metadata(new TaskMetadata().retries(1).cache(new CachePolicy().version("1")))
                .config(Map.of("durationMs", 50)));
        assertEquals(64, registered.getDigest().length());
        assertEquals(SimpleType.INTEGER, registered.getInterface().getInputs().get("n").getType().getSimpleType(),
                "the type expression reads back typed");
        // the document lists path parameters by name: domain, name, project, version
        Task read = new TasksApi(client).getTask("development", "double", project, "v1");
        assertEquals(SimpleType.INTEGER, read.getInterface().getInputs().get("weights").getType().getCompoundType().getMap()
                .getCompoundType().getCollection().getSimpleType(), "a nested type expression reads back typed");
        assertEquals(registered.getDigest(), read.getDigest());
        assertEquals(1, read.getMetadata().getRetries());

        ExecutionsApi executions = new ExecutionsApi(client);
        Execution submitted = executions.submitExecution(new SubmitRequest()
                .task(new TaskIdentifier().project(project).domain("development").name("double"))
                .inputs(Map.of("n", 21)), "30s");
        Execution done = submitted;
        while (!List.of(Phase.SUCCEEDED, Phase.FAILED, Phase.TIMED_OUT, Phase.ABORTED).contains(done.getPhase())) {
            done = executions.getExecution(submitted.getId(), "10");
        }
        assertEquals(Phase.SUCCEEDED, done.getPhase(), "error: " + done.getError());
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
