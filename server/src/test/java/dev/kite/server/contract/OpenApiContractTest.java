package dev.kite.server.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The OpenAPI document as a client generator reads it: valid for an independent parser (swagger-parser,
 * 0 messages), every operation named, tagged, summarized and secured, every error a Problem, every
 * 202 with its Location, and the bodies typed (properties, required, enums).
 */
@QuarkusTest
class OpenApiContractTest {

    static OpenAPI document() {
        String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc, null, options);
        assertEquals(List.of(), parsed.getMessages() == null ? List.of() : parsed.getMessages(), "swagger-parser's messages");
        assertNotNull(parsed.getOpenAPI());
        return parsed.getOpenAPI();
    }

    @Test
    void theDocumentIsValidAndEveryOperationIsComplete() {
        OpenAPI api = document();
        Set<String> tags = new HashSet<>();
        api.getTags().forEach(t -> {
            assertFalse(t.getDescription() == null || t.getDescription().isBlank(), "tag " + t.getName() + " has a description");
            tags.add(t.getName());
        });
        assertTrue(api.getComponents().getSecuritySchemes().containsKey("bearer"));
        assertFalse(api.getSecurity() == null || api.getSecurity().isEmpty(), "a security requirement for every operation");
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            path.getValue().readOperationsMap().forEach((method, op) -> check(method + " " + path.getKey(), op, tags, ids, problems));
        }
        assertEquals(List.of(), problems);
        assertTrue(ids.size() >= 22 && ids.contains("submitExecution") && ids.contains("watchExecutions"), "every operation: " + ids);
    }

    private static void check(String name, Operation op, Set<String> tags, Set<String> ids, List<String> problems) {
        if (op.getOperationId() == null || !ids.add(op.getOperationId())) {
            problems.add(name + ": no operationId, or one used twice (" + op.getOperationId() + ")");
        }
        if (op.getSummary() == null || op.getSummary().isBlank()) {
            problems.add(name + ": no summary");
        }
        if (op.getTags() == null || op.getTags().isEmpty() || !tags.containsAll(op.getTags())) {
            problems.add(name + ": no tag, or a tag without a declaration " + op.getTags());
        }
        for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
            Schema<?> type = p.getSchema();
            // OpenAPI 3.1: "type" is read into getTypes()
            if (type == null || type.getType() == null && (type.getTypes() == null || type.getTypes().isEmpty()) && type.get$ref() == null) {
                problems.add(name + ": parameter " + p.getName() + " has no type");
            }
        }
        for (String required : List.of("401", "403")) {
            if (!op.getResponses().containsKey(required)) {
                problems.add(name + ": no " + required + " answer");
            }
        }
        op.getResponses().forEach((code, response) -> checkResponse(name, code, response, problems));
    }

    private static void checkResponse(String name, String code, ApiResponse response, List<String> problems) {
        if (code.startsWith("4") || code.startsWith("5")) {
            MediaType problem = response.getContent() == null ? null : response.getContent().get("application/problem+json");
            if (problem == null || problem.getSchema() == null || !"#/components/schemas/Problem".equals(problem.getSchema().get$ref())) {
                problems.add(name + " " + code + ": not a Problem document");
            }
        }
        if (code.equals("202") && (response.getHeaders() == null || !response.getHeaders().containsKey("Location"))) {
            problems.add(name + " 202: no Location");
        }
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            problems.add(name + " " + code + ": no description");
        }
    }

    @Test
    void theBodiesAreTyped() {
        Map<String, Schema> schemas = document().getComponents().getSchemas();
        Schema<?> execution = schemas.get("Execution");
        assertNotNull(execution, schemas.keySet().toString());
        assertTrue(execution.getRequired().containsAll(List.of("id", "task", "phase", "attempts", "cacheStatus")), execution.getRequired().toString());
        assertEquals("#/components/schemas/Phase", execution.getProperties().get("phase").get$ref());
        assertEquals(List.of("QUEUED", "WAITING_FOR_CACHE", "RUNNING", "RUNNING_NODES", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"),
                schemas.get("Phase").getEnum());
        assertTrue(schemas.get("CacheStatus").getEnum().containsAll(List.of("DISABLED", "HIT", "MISS", "POPULATED")));
        assertEquals(List.of("USER", "SYSTEM"), schemas.get("ErrorKind").getEnum());
        Schema<?> problem = schemas.get("Problem");
        assertTrue(problem.getRequired().containsAll(List.of("status", "title", "errors")));
        assertNotNull(schemas.get("FieldError").getProperties().get("path"));
        Schema<?> submit = schemas.get("SubmitRequest");
        assertEquals(List.of("task"), submit.getRequired());
        assertEquals("#/components/schemas/TaskIdentifier", submit.getProperties().get("task").get$ref());
        for (String name : List.of("Attempt", "ExecutionEvent", "ExecutionPage", "Plugin", "CacheEviction", "TaskError", "TaskTemplate",
                "Task", "TaskPage", "TaskInterface", "Variable", "TaskMetadata", "RetryBackoff", "CachePolicy", "Container", "Project")) {
            assertFalse(schemas.get(name) == null || schemas.get(name).getProperties().isEmpty(), name + " has properties");
        }
    }

    @Test
    void taskTemplatesAreTypedWithTheirTypeGrammar() {
        OpenAPI api = document();
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Schema<?> register = api.getPaths().get("/api/v1/tasks").getPost().getRequestBody().getContent().get("application/json").getSchema();
        assertEquals("#/components/schemas/TaskTemplate", register.get$ref());
        Schema<?> template = schemas.get("TaskTemplate");
        assertEquals(List.of("id", "type"), template.getRequired().stream().sorted().toList());
        assertEquals("#/components/schemas/TaskInterface", template.getProperties().get("interface").get$ref());
        assertEquals("#/components/schemas/Container", template.getProperties().get("container").get$ref());
        assertEquals(List.of("type"), schemas.get("Variable").getRequired());
        assertNotNull(schemas.get("Variable").getProperties().get("default"), "an input's default");
        // a type is a simple type's name or a one-key object, nesting; a value is of exactly one of the two
        Schema<?> typeExpression = schemas.get("TypeExpression");
        assertTrue(typeExpression.getTypes() == null || typeExpression.getTypes().isEmpty(),
                "no type of its own: a string or an object " + typeExpression.getTypes());
        assertEquals(List.of("#/components/schemas/SimpleType", "#/components/schemas/CompoundType"),
                typeExpression.getOneOf().stream().map(k -> k.get$ref()).toList());
        assertEquals(List.of("integer", "float", "string", "boolean", "datetime", "duration", "binary", "struct", "none"),
                schemas.get("SimpleType").getEnum());
        Schema<?> compound = schemas.get("CompoundType");
        assertEquals(List.of("blob", "collection", "dataset", "enum", "map", "union"), compound.getProperties().keySet().stream().sorted().toList());
        assertEquals(1, compound.getMinProperties());
        assertEquals(1, compound.getMaxProperties());
        assertEquals("#/components/schemas/TypeExpression", compound.getProperties().get("collection").get$ref());
        assertEquals(List.of("version"), schemas.get("CachePolicy").getRequired());
        assertEquals(List.of("image"), schemas.get("Container").getRequired());
        Schema<?> registered = api.getPaths().get("/api/v1/tasks").getPost().getResponses().get("201").getContent()
                .get("application/json").getSchema();
        assertEquals("#/components/schemas/Task", registered.get$ref());
        assertTrue(schemas.get("Task").getRequired().containsAll(List.of("id", "type", "digest", "registeredAt")));
        assertEquals("#/components/schemas/Project", api.getPaths().get("/api/v1/projects").getPost().getRequestBody().getContent()
                .get("application/json").getSchema().get$ref());
    }
}
