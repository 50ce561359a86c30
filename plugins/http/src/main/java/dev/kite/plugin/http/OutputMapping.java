package dev.kite.plugin.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.kite.model.FieldErrors;
import dev.kite.model.TypedInterface;
import dev.kite.model.Variable;

/**
 * Where outputs come from in a response: {@code status}, {@code header:Name}, {@code body} (the
 * whole body: JSON when it parses, else text) or a JSON pointer into the body ({@code /data/id}).
 */
final class OutputMapping {

    /** One place in a response. */
    sealed interface Source permits Status, Header, Body, Pointer {
    }

    record Status() implements Source {
    }

    record Header(String name) implements Source {
    }

    record Body() implements Source {
    }

    record Pointer(JsonPointer pointer) implements Source {
    }

    private record Entry(String output, String path, Source source, boolean required) {
    }

    private final List<Entry> entries;

    private OutputMapping(List<Entry> entries) {
        this.entries = entries;
    }

    /** Parses a place; null after recording an error at {@code path}. */
    static Source source(String spec, String path, FieldErrors errors) {
        if (spec == null || spec.isBlank()) {
            errors.add(path, "expected status, header:Name, body or a JSON pointer such as /data/id");
            return null;
        }
        if (spec.equals("status")) {
            return new Status();
        }
        if (spec.equals("body")) {
            return new Body();
        }
        if (spec.startsWith("header:") && spec.length() > "header:".length()) {
            return new Header(spec.substring("header:".length()).strip());
        }
        if (spec.startsWith("/")) {
            try {
                return new Pointer(JsonPointer.compile(spec));
            } catch (IllegalArgumentException e) {
                errors.add(path, "not a valid JSON pointer: " + e.getMessage());
                return null;
            }
        }
        errors.add(path, "expected status, header:Name, body or a JSON pointer such as /data/id, got \"" + spec + "\"");
        return null;
    }

    /** Parses an outputs mapping against the interface; null after recording errors. */
    static OutputMapping compile(Map<String, String> outputs, TypedInterface iface, String path, FieldErrors errors) {
        int before = errors.size();
        List<Entry> entries = new ArrayList<>();
        if (outputs != null) {
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                String p = FieldErrors.child(path, e.getKey());
                Variable declared = iface.outputs().get(e.getKey());
                if (declared == null) {
                    errors.add(p, "not an output of the task's interface"
                            + (iface.outputs().isEmpty() ? " (it declares none)" : " (it declares " + String.join(", ", iface.outputs().keySet()) + ")"));
                    continue;
                }
                Source s = source(e.getValue(), p, errors);
                if (s != null) {
                    entries.add(new Entry(e.getKey(), p, s, declared.required()));
                }
            }
        }
        for (String name : iface.outputs().keySet()) {
            if (iface.outputs().get(name).required() && (outputs == null || !outputs.containsKey(name))) {
                errors.add(FieldErrors.child(path, name), "the interface declares output '" + name
                        + "'; say where it comes from (status, header:Name, body or a JSON pointer)");
            }
        }
        return errors.size() == before ? new OutputMapping(List.copyOf(entries)) : null;
    }

    /** The value at {@code source} in {@code reply}, or null when there is none. */
    static JsonNode read(Source source, HttpReply reply) {
        if (source instanceof Status) {
            return IntNode.valueOf(reply.status());
        }
        if (source instanceof Header h) {
            String v = reply.header(h.name());
            return v == null ? null : TextNode.valueOf(v);
        }
        if (source instanceof Body) {
            JsonNode json = reply.jsonOrNull();
            return json != null ? json : TextNode.valueOf(reply.text());
        }
        JsonNode at = reply.json().at(((Pointer) source).pointer());
        return at.isMissingNode() ? null : at;
    }

    /** The outputs; an {@link HttpFailure} (USER) when a required one is missing. */
    ObjectNode apply(HttpReply reply) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Entry e : entries) {
            JsonNode v = read(e.source(), reply);
            if (v == null) {
                if (e.required()) {
                    throw HttpFailure.user("HTTP_OUTPUT_MISSING", "output '" + e.output() + "': the response of "
                            + reply.description() + " has no " + describe(e.source()) + " (" + e.path() + ")");
                }
                continue; // the interface's default applies
            }
            out.set(e.output(), v);
        }
        return out;
    }

    static String describe(Source s) {
        if (s instanceof Header h) {
            return "header " + h.name();
        }
        if (s instanceof Pointer p) {
            return "value at " + p.pointer();
        }
        return s instanceof Status ? "status" : "body";
    }
}
