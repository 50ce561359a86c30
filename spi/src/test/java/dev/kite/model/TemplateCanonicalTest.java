package dev.kite.model;

import static dev.kite.model.TemplateValidationTest.DOMAINS;
import static dev.kite.model.TemplateValidationTest.TYPES;
import static dev.kite.model.TemplateValidationTest.greet;
import static dev.kite.model.ValueAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateCanonicalTest {

    private static TaskTemplate template(JsonNode body) {
        return TaskTemplate.parse(body, TYPES, DOMAINS).template();
    }

    @Test
    void toJsonIsTheCanonicalTemplate() {
        assertEquals("{\"config\":{\"plugin-specific\":\"validated by the plugin\"},"
                + "\"container\":{\"args\":[\"echo {{.inputs.name}}\"],\"command\":[\"sh\",\"-c\"],\"image\":\"busybox\"},"
                + "\"id\":{\"domain\":\"development\",\"name\":\"greet\",\"project\":\"demo\",\"version\":\"v1\"},"
                + "\"interface\":{\"inputs\":{\"name\":{\"description\":\"who to greet\",\"type\":\"string\"}},"
                + "\"outputs\":{\"greeting\":{\"type\":\"string\"}}},"
                + "\"metadata\":{\"cache\":{\"ignoreInputs\":[],\"serialize\":true,\"ttl\":\"PT720H\",\"version\":\"1\"},"
                + "\"interruptible\":false,\"retries\":3,"
                + "\"retryBackoff\":{\"factor\":2.0,\"initial\":\"PT1S\",\"jitter\":0.1,\"max\":\"PT1M\"},\"timeout\":\"PT5M\"},"
                + "\"type\":\"container\"}",
            Canonical.json(template(greet()).toJson()));
    }

    @Test
    void absentPartsAreOmittedAndDefaultsWrittenOut() {
        TaskTemplate t = template(json("{'id': {'project': 'p', 'domain': 'staging', 'name': 'n', 'version': '1'}, 'type': 'java'}"));
        assertEquals("{\"id\":{\"domain\":\"staging\",\"name\":\"n\",\"project\":\"p\",\"version\":\"1\"},"
            + "\"metadata\":{\"interruptible\":false,\"retries\":0},\"type\":\"java\"}", Canonical.json(t.toJson()));
    }

    @Test
    void theDigestIgnoresSpellingAndKeyOrder() {
        String digest = template(greet()).digest();
        assertEquals(64, digest.length());
        ObjectNode respelled = greet();
        ObjectNode metadata = (ObjectNode) respelled.get("metadata");
        metadata.put("timeout", "PT300S");
        metadata.set("retryBackoff", json("{'jitter': 0.1, 'factor': 2, 'max': 'PT60S', 'initial': 'PT1S'}"));
        ((ObjectNode) metadata.get("cache")).put("ttl", "PT720H");
        assertEquals(digest, template(respelled).digest());
        ObjectNode withDefaults = greet();
        ((ObjectNode) withDefaults.get("metadata")).set("tags", json("{}"));
        ((ObjectNode) withDefaults.get("metadata")).remove("interruptible");
        assertEquals(digest, template(withDefaults).digest());
    }

    @Test
    void emptyOrMissingInterfaceAndMetadataAreTheSame() {
        String base = "{'id': {'project': 'p', 'domain': 'staging', 'name': 'n', 'version': '1'}, 'type': 'java'";
        String digest = template(json(base + "}")).digest();
        assertEquals(digest, template(json(base + ", 'interface': {'inputs': {}}, 'metadata': {'retries': 0}}")).digest());
        assertEquals(digest, template(json(base + ", 'interface': null, 'config': null}")).digest());
        assertNotEquals(digest, template(json(base + ", 'config': {}}")).digest());
    }

    @Test
    void composedAndDecomposedNamesAreOneTask() {
        ObjectNode composed = greet();
        ((ObjectNode) composed.get("id")).put("name", "caf\u00e9");
        ObjectNode decomposed = greet();
        ((ObjectNode) decomposed.get("id")).put("name", "cafe\u0301");
        assertEquals(template(composed).digest(), template(decomposed).digest());
        assertEquals(template(composed), template(decomposed));
    }

    @Test
    void ignoreInputsOrderDoesNotMatter() {
        String body = "{'id': {'project': 'p', 'domain': 'staging', 'name': 'n', 'version': '1'}, 'type': 'java',"
            + "'interface': {'inputs': {'a': {'type': 'string'}, 'b': {'type': 'string'}}},"
            + "'metadata': {'cache': {'version': '1', 'ignoreInputs': IGNORED}}}";
        assertEquals(template(json(body.replace("IGNORED", "['a', 'b']"))).digest(),
            template(json(body.replace("IGNORED", "['b', 'a']"))).digest());
    }

    @Test
    void anyChangeOfContentChangesTheDigest() {
        String digest = template(greet()).digest();
        ObjectNode retries = greet();
        ((ObjectNode) retries.get("metadata")).put("retries", 2);
        ObjectNode description = greet();
        ((ObjectNode) description.at("/interface/inputs/name")).put("description", "the person");
        ObjectNode image = greet();
        ((ObjectNode) image.get("container")).put("image", "alpine");
        ObjectNode version = greet();
        ((ObjectNode) version.get("id")).put("version", "v2");
        for (ObjectNode changed : new ObjectNode[] {retries, description, image, version}) {
            assertNotEquals(digest, template(changed).digest(), changed::toString);
        }
    }

    @Test
    void toJsonParsesBackToTheSameTemplate() {
        TaskTemplate t = template(greet());
        assertEquals(t, template(t.toJson()));
        assertEquals(t, TaskTemplate.fromJson(t.toJson()));
        assertEquals(t.digest(), template(t.toJson()).digest());
    }

    @Test
    void fromJsonSkipsOnlyTypeAndDomainMembership() {
        ObjectNode stored = (ObjectNode) template(greet()).toJson();
        ((ObjectNode) stored.get("id")).put("domain", "retired");
        stored.put("type", "removed-plugin");
        assertEquals("removed-plugin", TaskTemplate.fromJson(stored).type());
        assertThrows(ValidationException.class, () -> TaskTemplate.parse(stored, TYPES, DOMAINS));
        ((ObjectNode) stored.get("metadata")).put("retries", 11);
        assertThrows(ValidationException.class, () -> TaskTemplate.fromJson(stored));
    }

    @Test
    void templateCopiesItsJsonObjects() {
        ObjectNode config = (ObjectNode) json("{'a': 1}");
        TaskTemplate t = new TaskTemplate(new TaskId("p", "d", "n", "1"), "java", null, null, config, null);
        config.put("a", 2);
        assertEquals(1, t.config().get("a").intValue());
        assertEquals(TaskMetadata.DEFAULT, t.metadata());
        assertEquals(TypedInterface.EMPTY, t.iface());
        assertThrows(NullPointerException.class, () -> new TaskTemplate(new TaskId("p", "d", "n", null), "java", null, null, null, null));
        assertEquals(Set.of(), t.metadata().tags().keySet());
    }
}
