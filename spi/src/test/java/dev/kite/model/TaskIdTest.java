package dev.kite.model;

import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

    private static ObjectNode id(String project, String domain, String name, String version) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("project", project).put("domain", domain).put("name", name);
        if (version != null) {
            node.put("version", version);
        }
        return node;
    }

    private static TaskId valid(ObjectNode node) {
        FieldErrors errors = new FieldErrors();
        TaskId id = TaskId.parse(node, "id", errors, true);
        assertTrue(errors.isEmpty(), errors::toString);
        return id;
    }

    private static List<FieldError> invalid(ObjectNode node) {
        FieldErrors errors = new FieldErrors();
        assertNull(TaskId.parse(node, "id", errors, true));
        return errors.list();
    }

    private static void invalidAt(ObjectNode node, String path, String fragment) {
        List<FieldError> errors = invalid(node);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(path, errors.get(0).path());
        assertTrue(errors.get(0).message().contains(fragment), () -> errors.get(0).message() + " lacks " + fragment);
    }

    @Test
    void parsesAllFourParts() {
        TaskId id = valid(id("demo", "development", "greet", "v1"));
        assertEquals(new TaskId("demo", "development", "greet", "v1"), id);
        assertEquals("demo/development/greet/v1", id.toString());
        assertEquals(json("{'project': 'demo', 'domain': 'development', 'name': 'greet', 'version': 'v1'}"), id.toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "my-project_2", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsProjects(String project) {
        assertEquals(project, valid(id(project, "d", "n", "v")).project());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Demo", "-demo", "_demo", "de mo", "de/mo", "d\u00e9mo",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsProjects(String project) {
        invalidAt(id(project, "d", "n", "v"), "id.project", "must match [a-z0-9][a-z0-9_-]{0,62}");
    }

    @Test
    void namesAreUnicodeAndNfcNormalized() {
        assertEquals("gr\u00fc\u00dfe \u4f60\u597d \uD83D\uDE00", valid(id("p", "d", "gr\u00fc\u00dfe \u4f60\u597d \uD83D\uDE00", "v")).name());
        TaskId decomposed = valid(id("p", "d", "cafe\u0301", "v"));
        assertEquals("caf\u00e9", decomposed.name());
        assertEquals(valid(id("p", "d", "caf\u00e9", "v")), decomposed);
    }

    @Test
    void namesRejectControlCharactersAndSlash() {
        invalidAt(id("p", "d", "bad\nname", "v"), "id.name", "control characters (found U+000A)");
        invalidAt(id("p", "d", "bad\u0000", "v"), "id.name", "control characters");
        invalidAt(id("p", "d", "bad\u0085", "v"), "id.name", "control characters (found U+0085)");
        invalidAt(id("p", "d", "a/b", "v"), "id.name", "must not contain '/'");
        invalidAt(id("p", "d", "..", "v"), "id.name", "must not be \".\" or \"..\"");
        invalidAt(id("p", "d", "x\ud800", "v"), "id.name", "unpaired surrogates");
    }

    @Test
    void namesAreLimitedTo255CodePoints() {
        String emoji = "\uD83D\uDE00";
        assertEquals(255, valid(id("p", "d", emoji.repeat(255), "v")).nameLength());
        invalidAt(id("p", "d", "x".repeat(256), "v"), "id.name", "longer than 255 characters (256)");
    }

    @Test
    void longNamesAreNotErrorsHere() {
        assertEquals(33, valid(id("p", "d", "n".repeat(33), "v")).nameLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "1.0.0", "2024-01-02", "a~b_c", "ABCdef", "..."})
    void acceptsVersions(String version) {
        assertEquals(version, valid(id("p", "d", "n", version)).version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v 1", "v/1", "v1+build", "\u00e9", ".", ".."})
    void rejectsVersions(String version) {
        invalidAt(id("p", "d", "n", version), "id.version", "must be 1 to 128 of A-Z a-z 0-9 . _ ~ -");
    }

    @Test
    void versionLengthIsLimited() {
        valid(id("p", "d", "n", "v".repeat(128)));
        invalidAt(id("p", "d", "n", "v".repeat(129)), "id.version", "must be 1 to 128");
    }

    @Test
    void versionMayBeOmittedWhenNotRequired() {
        FieldErrors errors = new FieldErrors();
        TaskId latest = TaskId.parse(id("p", "d", "n", null), "task", errors, false);
        assertTrue(errors.isEmpty(), errors::toString);
        assertNull(latest.version());
        assertEquals("p/d/n", latest.toString());
        assertEquals(json("{'project': 'p', 'domain': 'd', 'name': 'n'}"), latest.toJson());
        assertEquals("p/d/n/v2", latest.withVersion("v2").toString());
        invalidAt(id("p", "d", "n", null), "id.version", "required");
        TaskId.parse(id("p", "d", "n", ""), "task", errors, false);
        assertEquals(List.of(new FieldError("task.version", "must not be empty")), errors.list());
    }

    @Test
    void everyPartMustBeANonEmptyStringAndAllProblemsAreReported() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("project", 5).put("domain", "").put("name", "a/b").put("tag", "x");
        List<FieldError> errors = invalid(node);
        assertEquals(List.of(
            new FieldError("id.tag", "unknown field; expected one of project, domain, name, version"),
            new FieldError("id.project", "expected a string, got a number"),
            new FieldError("id.domain", "must not be empty"),
            new FieldError("id.name", "must not contain '/'"),
            new FieldError("id.version", "required")), errors);
    }

    @Test
    void nonObjectIsRejected() {
        FieldErrors errors = new FieldErrors();
        assertNull(TaskId.parse(json("'demo/development/greet/v1'"), "task", errors, true));
        assertEquals("task", errors.list().get(0).path());
        assertTrue(errors.list().get(0).message().contains("got a string"));
    }
}
