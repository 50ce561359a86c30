package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateValidationTest {

    static final Set<String> TYPES = Set.of("container", "java", "sql");
    static final Set<String> DOMAINS = Set.of("development", "staging", "production");

    static final String GREET = "{"
        + "'id': {'project': 'demo', 'domain': 'development', 'name': 'greet', 'version': 'v1'},"
        + "'type': 'container',"
        + "'interface': {'inputs': {'name': {'type': 'string', 'description': 'who to greet'}},"
        + "              'outputs': {'greeting': {'type': 'string'}}},"
        + "'metadata': {'retries': 3, 'timeout': 'PT5M',"
        + "  'retryBackoff': {'initial': 'PT1S', 'max': 'PT1M', 'factor': 2.0, 'jitter': 0.1},"
        + "  'cache': {'version': '1', 'serialize': true, 'ignoreInputs': [], 'ttl': 'P30D'},"
        + "  'interruptible': false},"
        + "'config': {'plugin-specific': 'validated by the plugin'},"
        + "'container': {'image': 'busybox', 'command': ['sh', '-c'], 'args': ['echo {{.inputs.name}}']}"
        + "}";

    static ObjectNode greet() {
        return (ObjectNode) json(GREET);
    }

    static ParsedTemplate parse(JsonNode body) {
        return TaskTemplate.parse(body, TYPES, DOMAINS);
    }

    static List<FieldError> errorsOf(JsonNode body) {
        return assertThrows(ValidationException.class, () -> parse(body)).errors();
    }

    static void rejectedAt(JsonNode body, String path, String message) {
        List<FieldError> errors = errorsOf(body);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(path, errors.get(0).path());
        assertTrue(errors.get(0).message().contains(message), () -> errors.get(0).message() + " lacks " + message);
    }

    private static ObjectNode metadata(ObjectNode body) {
        return (ObjectNode) body.get("metadata");
    }

    @Test
    void theDesignExampleIsValid() {
        ParsedTemplate parsed = parse(greet());
        TaskTemplate t = parsed.template();
        assertEquals(List.of(), parsed.warnings());
        assertEquals(new TaskId("demo", "development", "greet", "v1"), t.id());
        assertEquals("container", t.type());
        assertEquals(3, t.metadata().retries());
        assertEquals(Duration.ofMinutes(5), t.metadata().timeout());
        assertEquals(new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 0.1), t.metadata().retryBackoff());
        assertEquals(new CachePolicy("1", true, List.of(), Duration.ofDays(30)), t.metadata().cache());
        assertEquals("busybox", t.container().get("image").textValue());
        assertEquals(Set.of("name"), t.iface().inputs().keySet());
    }

    @Test
    void aMinimalTemplateNeedsOnlyIdAndType() {
        TaskTemplate t = parse(json("{'id': {'project': 'p', 'domain': 'staging', 'name': 'n', 'version': '1'}, 'type': 'java'}")).template();
        assertEquals(TypedInterface.EMPTY, t.iface());
        assertEquals(TaskMetadata.DEFAULT, t.metadata());
        assertEquals(null, t.config());
        assertEquals(null, t.container());
    }

    @Test
    void manySimultaneousErrorsAreAllReportedWithTheirPaths() {
        JsonNode body = json("{"
            + "'id': {'project': 'Demo', 'domain': 'qa', 'name': 'a/b', 'version': 'v 1'},"
            + "'type': 'spark',"
            + "'interface': {'inputs': {'n': {'type': 'int'}}},"
            + "'metadata': {'retries': 11, 'timeout': 'PT0S', 'deadline': '-PT1H',"
            + "  'retryBackoff': {'initial': 'PT1M', 'max': 'PT1S', 'factor': 0.5, 'jitter': 2},"
            + "  'cache': {'serialize': 'yes', 'ignoreInputs': ['m']},"
            + "  'interruptible': 'no', 'tags': {'team': 1}, 'priority': 1},"
            + "'config': [],"
            + "'container': 'busybox',"
            + "'extra': true"
            + "}");
        List<FieldError> errors = errorsOf(body);
        assertEquals(List.of(
            "extra",
            "id.project", "id.name", "id.version", "id.domain",
            "type",
            "interface.inputs.n.type",
            "metadata.priority", "metadata.retries", "metadata.timeout", "metadata.deadline",
            "metadata.retryBackoff.max", "metadata.retryBackoff.factor", "metadata.retryBackoff.jitter",
            "metadata.cache.version", "metadata.cache.serialize", "metadata.cache.ignoreInputs[0]",
            "metadata.interruptible", "metadata.tags.team",
            "config", "container"), errors.stream().map(FieldError::path).toList());
    }

    @Test
    void theExceptionMessageListsEveryError() {
        ObjectNode body = greet();
        metadata(body).put("retries", 11);
        body.put("type", "spark");
        ValidationException e = assertThrows(ValidationException.class, () -> parse(body));
        assertTrue(e.getMessage().startsWith("2 validation errors: "), e.getMessage());
        assertTrue(e.getMessage().contains("metadata.retries: must be between 0 and 10, got 11"), e.getMessage());
        assertTrue(e.getMessage().contains("type: unknown task type"), e.getMessage());
    }

    @Test
    void retriesAreLimitedToTen() {
        ObjectNode body = greet();
        metadata(body).put("retries", 10);
        assertEquals(10, parse(body).template().metadata().retries());
        metadata(body).put("retries", 11);
        rejectedAt(body, "metadata.retries", "must be between 0 and 10");
        metadata(body).put("retries", -1);
        rejectedAt(body, "metadata.retries", "must be between 0 and 10");
        metadata(body).put("retries", "3");
        rejectedAt(body, "metadata.retries", "expected an integer");
        metadata(body).put("retries", 2.5);
        rejectedAt(body, "metadata.retries", "expected an integer");
    }

    @Test
    void timeoutMustBeAPositiveIsoDuration() {
        ObjectNode body = greet();
        metadata(body).put("timeout", "-PT5M");
        rejectedAt(body, "metadata.timeout", "must be a positive duration, got PT-5M");
        metadata(body).put("timeout", "PT0S");
        rejectedAt(body, "metadata.timeout", "must be a positive duration, got PT0S");
        metadata(body).put("timeout", "5 minutes");
        rejectedAt(body, "metadata.timeout", "not a valid duration: \"5 minutes\"");
        metadata(body).put("timeout", 300);
        rejectedAt(body, "metadata.timeout", "expected an ISO-8601 duration string");
        // would overflow the clock or a millisecond timer when the attempt starts
        metadata(body).put("timeout", "PT2562047788015215H");
        rejectedAt(body, "metadata.timeout", "must be at most P3650D (ten years)");
        metadata(body).put("timeout", "P3650D");
        assertEquals(Duration.ofDays(3650), parse(body).template().metadata().timeout());
        metadata(body).put("timeout", "P3651D");
        rejectedAt(body, "metadata.timeout", "must be at most P3650D");
        metadata(body).put("deadline", "PT0S");
        metadata(body).put("timeout", "PT1S");
        rejectedAt(body, "metadata.deadline", "must be a positive duration");
    }

    @Test
    void cacheNeedsAVersion() {
        ObjectNode body = greet();
        ((ObjectNode) metadata(body).get("cache")).remove("version");
        rejectedAt(body, "metadata.cache.version", "required");
        ((ObjectNode) metadata(body).get("cache")).put("version", "");
        rejectedAt(body, "metadata.cache.version", "must not be empty");
        metadata(body).set("cache", json("{}"));
        rejectedAt(body, "metadata.cache.version", "required");
    }

    @Test
    void ignoreInputsMustNameDeclaredInputs() {
        ObjectNode body = greet();
        ((ObjectNode) metadata(body).get("cache")).set("ignoreInputs", json("['name', 'nmae']"));
        rejectedAt(body, "metadata.cache.ignoreInputs[1]", "\"nmae\" is not a declared input (declared: name)");
        ((ObjectNode) metadata(body).get("cache")).set("ignoreInputs", json("['name', 'name']"));
        rejectedAt(body, "metadata.cache.ignoreInputs[1]", "duplicate input name");
        ((ObjectNode) metadata(body).get("cache")).set("ignoreInputs", json("['name']"));
        assertEquals(List.of("name"), parse(body).template().metadata().cache().ignoreInputs());
        body.remove("interface");
        rejectedAt(body, "metadata.cache.ignoreInputs[0]", "(declared: none)");
    }

    @Test
    void uncheckedInputsNameDeclaredInputsAndAreKeptOnlyWhenGiven() {
        ObjectNode body = greet();
        metadata(body).set("uncheckedInputs", json("['nmae']"));
        rejectedAt(body, "metadata.uncheckedInputs[0]", "\"nmae\" is not a declared input (declared: name)");
        metadata(body).set("uncheckedInputs", json("['name']"));
        TaskMetadata m = parse(body).template().metadata();
        assertEquals(List.of("name"), m.uncheckedInputs());
        assertEquals("[\"name\"]", Canonical.json(m.toJson().get("uncheckedInputs")));
        metadata(body).remove("uncheckedInputs");
        assertEquals(null, parse(body).template().metadata().toJson().get("uncheckedInputs"),
            "absent when empty, so that the digests of existing templates do not change");
    }

    @Test
    void ignoreInputsIsCheckedEvenWhenTheInterfaceIsBroken() {
        ObjectNode body = greet();
        body.set("interface", json("{'inputs': {'name': {'type': 'strng'}}}"));
        ((ObjectNode) metadata(body).get("cache")).set("ignoreInputs", json("['name', 'other']"));
        List<FieldError> errors = errorsOf(body);
        assertEquals(List.of("interface.inputs.name.type", "metadata.cache.ignoreInputs[1]"),
            errors.stream().map(FieldError::path).toList());
    }

    @Test
    void unknownTypeNamesTheKnownOnesSorted() {
        ObjectNode body = greet();
        body.put("type", "spark");
        rejectedAt(body, "type", "unknown task type \"spark\"; known types: container, java, sql");
        body.put("type", "");
        rejectedAt(body, "type", "must not be empty");
        body.remove("type");
        rejectedAt(body, "type", "required");
        assertEquals("unknown task type \"java\"; known types: none",
            assertThrows(ValidationException.class, () -> TaskTemplate.parse(json(GREET.replace("'container',", "'java',")), Set.of(), DOMAINS))
                .errors().get(0).message());
    }

    @Test
    void unknownDomainNamesTheConfiguredOnes() {
        ObjectNode body = greet();
        ((ObjectNode) body.get("id")).put("domain", "qa");
        rejectedAt(body, "id.domain", "unknown domain \"qa\"; configured domains: development, production, staging");
    }

    @Test
    void nameWithAControlCharacterOrSlashIsRejected() {
        ObjectNode body = greet();
        ((ObjectNode) body.get("id")).put("name", "greet\tall");
        rejectedAt(body, "id.name", "control characters (found U+0009)");
        ((ObjectNode) body.get("id")).put("name", "greet/all");
        rejectedAt(body, "id.name", "must not contain '/'");
    }

    @Test
    void aLongNameIsAWarningNotAnError() {
        ObjectNode body = greet();
        ((ObjectNode) body.get("id")).put("name", "n".repeat(33));
        ParsedTemplate parsed = parse(body);
        assertEquals(List.of("id.name: longer than 32 characters (33); Flyte recommends at most 32"), parsed.warnings());
        ((ObjectNode) body.get("id")).put("name", "\u00e9".repeat(32));
        assertEquals(List.of(), parse(body).warnings(), "32 code points is fine, whatever their UTF-8 length");
    }

    @Test
    void invalidTypeExpressionsAreRejected() {
        ObjectNode body = greet();
        body.set("interface", json("{'inputs': {"
            + "'a': {'type': {'collection': 'strin'}},"
            + "'b': {'type': {'union': ['string']}},"
            + "'c': {'type': {'enum': []}},"
            + "'d': {'type': {'blob': {'dimensionality': 'triple'}}}"
            + "}, 'outputs': {'e': {'type': ['string']}}}"));
        List<FieldError> errors = errorsOf(body);
        assertEquals(List.of(
            "interface.inputs.a.type.collection",
            "interface.inputs.b.type.union",
            "interface.inputs.c.type.enum",
            "interface.inputs.d.type.blob.dimensionality",
            "interface.outputs.e.type"), errors.stream().map(FieldError::path).toList());
    }

    @Test
    void retryBackoffFieldsAreOptionalButChecked() {
        ObjectNode body = greet();
        metadata(body).set("retryBackoff", json("{'factor': 3}"));
        assertEquals(new RetryBackoff(null, null, 3.0, null), parse(body).template().metadata().retryBackoff());
        metadata(body).set("retryBackoff", json("{'initial': 'PT10S', 'max': 'PT10S', 'jitter': 0}"));
        assertEquals(new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10), null, 0.0), parse(body).template().metadata().retryBackoff());
        metadata(body).set("retryBackoff", json("{'initial': 'PT0S'}"));
        rejectedAt(body, "metadata.retryBackoff.initial", "must be a positive duration");
        metadata(body).set("retryBackoff", json("{'max': 'PT1S', 'initial': 'PT2S'}"));
        rejectedAt(body, "metadata.retryBackoff.max", "must be at least initial (PT2S), got PT1S");
        metadata(body).set("retryBackoff", json("{'jitter': -0.1}"));
        rejectedAt(body, "metadata.retryBackoff.jitter", "must be between 0 and 1");
        metadata(body).set("retryBackoff", json("{'base': 'PT1S'}"));
        rejectedAt(body, "metadata.retryBackoff.base", "unknown field");
    }

    @Test
    void tagsAndInterruptibleAreTyped() {
        ObjectNode body = greet();
        metadata(body).set("tags", json("{'team': 'data', 'cost center': '42'}"));
        metadata(body).put("interruptible", true);
        TaskMetadata m = parse(body).template().metadata();
        assertEquals(Map.of("team", "data", "cost center", "42"), m.tags());
        assertTrue(m.interruptible());
        metadata(body).set("tags", json("{'cost center': 42}"));
        rejectedAt(body, "metadata.tags[\"cost center\"]", "expected a string, got a number");
        metadata(body).set("tags", json("['a']"));
        rejectedAt(body, "metadata.tags", "expected an object");
    }

    @Test
    void bodyMustBeAnObject() {
        rejectedAt(json("[]"), "", "expected a JSON object");
        rejectedAt(null, "", "got nothing");
        rejectedAt(json("{'id': {'project': 'p', 'domain': 'staging', 'name': 'n', 'version': '1'}, 'type': 'java', 'metadata': 3}"),
            "metadata", "expected an object, got a number");
    }

    @Test
    void requiredTopLevelFieldsAreReported() {
        List<FieldError> errors = errorsOf(json("{}"));
        assertEquals(List.of(new FieldError("id", "required"), new FieldError("type", "required")), errors);
    }
}
