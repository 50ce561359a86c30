package dev.kite.plugin.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import dev.kite.model.FieldError;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Templates;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskStatus;
import dev.kite.spi.kubernetes.MemoryRetry;

/** A {@code k8s-object} task's config, checked once: the manifest template and the expressions. */
final class ObjectTask {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String apiVersion;
    final String kind;
    final Templates.JsonTemplate manifest;
    final StatusExpression success;
    final StatusExpression failure;
    final StatusExpression running;
    final StatusExpression message;
    final Map<String, StatusExpression> outputs;
    final StatusExpression oom;
    final List<JsonPointer> memory;
    final MemoryRetry memoryRetry;

    private ObjectTask(String apiVersion, String kind, Templates.JsonTemplate manifest, StatusExpression success,
            StatusExpression failure, StatusExpression running, StatusExpression message, Map<String, StatusExpression> outputs,
            StatusExpression oom, List<JsonPointer> memory, MemoryRetry memoryRetry) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.manifest = manifest;
        this.success = success;
        this.failure = failure;
        this.running = running;
        this.message = message;
        this.outputs = outputs;
        this.oom = oom;
        this.memory = memory;
        this.memoryRetry = memoryRetry;
    }

    static ObjectTask compile(TaskTemplate task, ObjectConfig c, MemoryRetry defaults, FieldErrors errors) {
        int before = errors.size();
        if (c == null || c.manifest() == null || !c.manifest().isObject()) {
            errors.add("config.manifest", "required: the object, {\"apiVersion\": ..., \"kind\": ..., \"spec\": ...}");
            return null;
        }
        JsonNode m = c.manifest();
        String apiVersion = literal(m, "apiVersion", errors);
        String kind = literal(m, "kind", errors);
        Templates.JsonTemplate manifest = Templates.parseJson(m, Templates.Scope.inputs(task.iface()), "config.manifest", errors);
        if (c.success() == null) {
            errors.add("config.success", "required: the condition that the object succeeded, e.g."
                    + " {\"path\": \"$.status.conditions[?(@.type=='Complete')].status\", \"equals\": \"True\"}");
        }
        if (c.failure() == null) {
            errors.add("config.failure", "required: the condition that the object failed, e.g."
                    + " {\"path\": \"$.status.conditions[?(@.type=='Failed')].status\", \"equals\": \"True\"}");
        }
        StatusExpression success = StatusExpression.condition(c.success(), "config.success", errors);
        StatusExpression failure = StatusExpression.condition(c.failure(), "config.failure", errors);
        StatusExpression running = StatusExpression.condition(c.running(), "config.running", errors);
        StatusExpression message = c.message() == null ? null
                : StatusExpression.expression(c.message(), "config.message", List.of(), errors);
        Map<String, StatusExpression> outputs = new LinkedHashMap<>();
        c.outputs().forEach((name, expr) -> {
            String at = FieldErrors.child("config.outputs", name);
            if (!task.iface().outputs().containsKey(name)) {
                errors.add(at, "'" + name + "' is not an output of the interface");
            } else if (expr == null) {
                errors.add(at, "expected an expression");
            } else {
                StatusExpression e = StatusExpression.expression(expr, at, List.of(), errors);
                if (e != null) {
                    outputs.put(name, e);
                }
            }
        });
        StatusExpression oom = StatusExpression.condition(c.oom(), "config.oom", errors);
        List<JsonPointer> memory = memoryPointers(m, c.memory(), errors);
        MemoryRetry retry = MemoryRetry.parse(c.oomRetry(), "config." + MemoryRetry.FIELD, defaults, errors);
        if (errors.size() != before) {
            return null;
        }
        return new ObjectTask(apiVersion, kind, manifest, success, failure, running, message, outputs, oom, List.copyOf(memory),
                retry);
    }

    /** Pointers to {@code resources} objects of the manifest. */
    private static List<JsonPointer> memoryPointers(JsonNode manifest, List<String> pointers, FieldErrors errors) {
        List<JsonPointer> memory = new ArrayList<>();
        for (int i = 0; i < pointers.size(); i++) {
            String p = pointers.get(i);
            JsonNode target = p == null || !p.startsWith("/") ? null : manifest.at(p);
            if (target == null || !target.isObject()) {
                errors.add(FieldErrors.index("config.memory", i), "expected a JSON pointer to a resources object"
                        + " ({\"requests\": ..., \"limits\": ...}) in the manifest, e.g. /spec/template/spec/containers/0/resources");
            } else {
                memory.add(JsonPointer.compile(p));
            }
        }
        return memory;
    }

    static ObjectTask forAttempt(TaskTemplate task, ObjectConfig c, MemoryRetry defaults) {
        FieldErrors errors = new FieldErrors();
        ObjectTask t = compile(task, c, defaults, errors);
        if (t == null) {
            throw new TaskException(TaskError.user("INVALID_CONFIG",
                    String.join("; ", errors.list().stream().map(FieldError::toString).toList())));
        }
        return t;
    }

    private static String literal(JsonNode m, String field, FieldErrors errors) {
        JsonNode v = m.get(field);
        String at = FieldErrors.child("config.manifest", field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            errors.add(at, "required: a string");
            return null;
        }
        if (v.textValue().contains("{{")) {
            errors.add(at, "written literally; placeholders are not allowed here");
            return null;
        }
        return v.textValue();
    }

    /** The attempt's object: the rendered manifest, its memory grown after OOM kills. */
    GenericKubernetesResource build(TaskContext<?> ctx) {
        JsonNode rendered;
        try {
            rendered = manifest.render(Map.of("inputs", ctx.inputs()));
        } catch (Templates.RenderException e) {
            throw new TaskException(TaskError.user("TEMPLATE", e.getMessage()));
        }
        ObjectNode object = (ObjectNode) rendered;
        int kills = MemoryRetry.oomKills(ctx.previousErrors());
        long ran = 0;
        for (JsonPointer p : memory) {
            JsonNode at = object.at(p);
            if (!at.isObject()) {
                continue;
            }
            ResourceRequirements r = JSON.convertValue(at, ResourceRequirements.class);
            ran = Math.max(ran, memoryRetry.apply(r, kills));
            ObjectNode scaled = JSON.valueToTree(r);
            ((ObjectNode) at).removeAll();
            ((ObjectNode) at).setAll(scaled);
        }
        GenericKubernetesResource g = JSON.convertValue(object, GenericKubernetesResource.class);
        if (g.getMetadata() == null) {
            g.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        g.getMetadata().setName(ctx.generatedName());
        g.getMetadata().setNamespace(null);
        if (ran > 0) {
            Map<String, String> notes = new LinkedHashMap<>(g.getMetadata().getAnnotations() == null ? Map.of()
                    : g.getMetadata().getAnnotations());
            notes.put(MemoryRetry.ANNOTATION, MemoryRetry.kubernetes(ran));
            g.getMetadata().setAnnotations(notes);
        }
        return g;
    }

    /** The object's state by the task's conditions: failure first, then success, then running. */
    TaskStatus status(GenericKubernetesResource object) {
        JsonNode tree = JSON.valueToTree(object);
        if (failure.holds(tree)) {
            String why = message == null ? null : text(message.value(tree));
            if (oom != null && oom.holds(tree)) {
                String mem = object.getMetadata().getAnnotations() == null ? null
                        : object.getMetadata().getAnnotations().get(MemoryRetry.ANNOTATION);
                long ran = mem == null ? 0 : MemoryRetry.bytes(new io.fabric8.kubernetes.api.model.Quantity(mem));
                return TaskStatus.failed(memoryRetry.oomKilled(kind + " " + object.getMetadata().getName(), ran,
                        "config.oomRetry.maxMemory"));
            }
            return TaskStatus.failed(TaskError.userRecoverable("FAILED_CONDITION", kind + " " + object.getMetadata().getName()
                    + " failed (" + failure + ")" + (why == null || why.isBlank() ? "" : ": " + why)));
        }
        if (success.holds(tree)) {
            ObjectNode out = JSON.createObjectNode();
            outputs.forEach((name, e) -> {
                JsonNode v = e.value(tree);
                if (v != null) {
                    out.set(name, v);
                }
            });
            return TaskStatus.succeeded(out);
        }
        if (running != null && running.holds(tree)) {
            return TaskStatus.running(kind + " running (" + running + ")");
        }
        return running == null ? TaskStatus.running(kind + " created; neither success nor failure yet")
                : TaskStatus.queued(kind + " created; not running yet");
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
    }
}
