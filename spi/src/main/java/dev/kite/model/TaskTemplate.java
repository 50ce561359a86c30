package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registered task: identity, task type, typed interface, metadata, and the
 * plugin's {@code config} and {@code container} objects (null when absent). {@code iface} is
 * {@link TypedInterface#EMPTY} and {@code metadata} {@link TaskMetadata#DEFAULT} when not given.
 * The JSON objects are copied on construction and must not be mutated through the accessors.
 */
public record TaskTemplate(TaskId id, String type, TypedInterface iface, TaskMetadata metadata,
                           ObjectNode config, ObjectNode container) {

    /** Names longer than this many code points are accepted with a warning. */
    public static final int RECOMMENDED_NAME_LENGTH = 32;

    private static final List<String> KEYS = List.of("id", "type", "interface", "metadata", "config", "container");

    public TaskTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(id.version(), "id.version");
        Objects.requireNonNull(type, "type");
        iface = iface == null ? TypedInterface.EMPTY : iface;
        metadata = metadata == null ? TaskMetadata.DEFAULT : metadata;
        config = config == null ? null : config.deepCopy();
        container = container == null ? null : container.deepCopy();
    }

    /**
     * The canonical template: {@code id}, {@code type}, {@code interface} (omitted when empty),
     * {@code metadata} (always, with defaults written out), {@code config} and {@code container}
     * (omitted when absent). Semantically equal templates give equal JSON.
     */
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        node.set("id", id.toJson());
        node.put("type", type);
        if (!iface.isEmpty()) {
            node.set("interface", iface.toJson());
        }
        node.set("metadata", metadata.toJson());
        if (config != null) {
            node.set("config", config.deepCopy());
        }
        if (container != null) {
            node.set("container", container.deepCopy());
        }
        return node;
    }

    /** {@link Canonical#sha256(JsonNode)} of {@link #toJson()}: equal digests mean identical registrations. */
    public String digest() {
        return Canonical.sha256(toJson());
    }

    /**
     * Validates a registration body and builds the template, or throws a {@link ValidationException}
     * listing every problem found. {@code knownTypes} are the task types of the available plugins,
     * {@code domains} the configured domains. Warns (without failing) about names longer than
     * {@value #RECOMMENDED_NAME_LENGTH} code points.
     */
    public static ParsedTemplate parse(JsonNode body, Set<String> knownTypes, Set<String> domains) {
        Objects.requireNonNull(knownTypes, "knownTypes");
        Objects.requireNonNull(domains, "domains");
        return read(body, knownTypes, domains);
    }

    /**
     * Reads a template previously written by {@link #toJson()} (from storage): the same checks as
     * {@link #parse}, except the task type and domain, which may have left the configuration since
     * the task was registered.
     */
    public static TaskTemplate fromJson(JsonNode json) {
        return read(json, null, null).template();
    }

    private static ParsedTemplate read(JsonNode body, Set<String> knownTypes, Set<String> domains) {
        FieldErrors errors = new FieldErrors();
        if (body == null || !body.isObject()) {
            errors.add("", "expected a JSON object with " + String.join(", ", KEYS) + ", got " + Json.describe(body));
            errors.throwIfAny();
        }
        Json.rejectUnknownKeys(body, KEYS, "", errors);

        TaskId id = null;
        JsonNode idNode = body.get("id");
        if (Json.absent(idNode)) {
            errors.add("id", "required");
        } else {
            id = TaskId.parse(idNode, "id", errors, true);
            checkDomain(idNode, domains, errors);
        }

        String type = Json.requiredText(body, "type", "", errors);
        if (type != null && knownTypes != null && !knownTypes.contains(type)) {
            errors.add("type", "unknown task type \"" + type + "\"; known types: " + listing(knownTypes));
        }

        TypedInterface iface = TypedInterface.parse(body.get("interface"), "interface", errors);
        TaskMetadata metadata = TaskMetadata.parse(body.get("metadata"), "metadata", errors, declaredInputs(body));
        ObjectNode config = optionalObject(body, "config", errors);
        ObjectNode container = optionalObject(body, "container", errors);
        errors.throwIfAny();

        List<String> warnings = new ArrayList<>();
        if (id.nameLength() > RECOMMENDED_NAME_LENGTH) {
            warnings.add("id.name: longer than " + RECOMMENDED_NAME_LENGTH + " characters (" + id.nameLength()
                + "); Flyte recommends at most " + RECOMMENDED_NAME_LENGTH);
        }
        return new ParsedTemplate(new TaskTemplate(id, type, iface, metadata, config, container), warnings);
    }

    private static void checkDomain(JsonNode idNode, Set<String> domains, FieldErrors errors) {
        JsonNode domain = idNode.isObject() ? idNode.get("domain") : null;
        if (domains != null && domain != null && domain.isTextual() && !domain.textValue().isEmpty()
            && !domains.contains(domain.textValue())) {
            errors.add("id.domain", "unknown domain \"" + domain.textValue() + "\"; configured domains: " + listing(domains));
        }
    }

    /** Input names as written in the body, so that ignoreInputs is checked even when a declaration is broken. */
    private static Set<String> declaredInputs(JsonNode body) {
        JsonNode iface = body.get("interface");
        JsonNode inputs = iface != null && iface.isObject() ? iface.get("inputs") : null;
        Set<String> names = new TreeSet<>();
        if (inputs != null && inputs.isObject()) {
            for (Map.Entry<String, JsonNode> e : inputs.properties()) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    private static ObjectNode optionalObject(JsonNode body, String field, FieldErrors errors) {
        JsonNode node = body.get(field);
        if (Json.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(field, "expected an object, got " + Json.describe(node));
            return null;
        }
        FreeJson.check(node, field, errors);
        return (ObjectNode) node;
    }

    private static String listing(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }
}
