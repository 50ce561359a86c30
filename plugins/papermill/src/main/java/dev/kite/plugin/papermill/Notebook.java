package dev.kite.plugin.papermill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.FieldErrors;

/**
 * A Jupyter notebook (nbformat 4) as Kite reads it: its cells, the cell tagged {@code parameters},
 * the kernel and its language. Immutable: {@link #parameterize} returns a new document.
 */
final class Notebook {

    /** The tag of the cell whose assignments are the notebook's parameters. */
    static final String PARAMETERS = "parameters";
    /** The tag of the cell Kite (like papermill) inserts with the values. */
    static final String INJECTED = "injected-parameters";
    /** The tag of the cell whose result is the outputs object. */
    static final String OUTPUTS = "outputs";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode json;

    private Notebook(ObjectNode json) {
        this.json = json;
    }

    /** Reads a notebook document; null after recording what is wrong under {@code path}. */
    static Notebook parse(JsonNode doc, String path, FieldErrors errors) {
        int before = errors.size();
        if (doc == null || !doc.isObject()) {
            errors.add(path, "expected a Jupyter notebook (a JSON object with nbformat, metadata and cells)");
            return null;
        }
        JsonNode format = doc.get("nbformat");
        if (format == null || !format.isInt() || format.intValue() != 4) {
            errors.add(FieldErrors.child(path, "nbformat"), "expected nbformat 4 (save the notebook with Jupyter 4 or later)");
        }
        JsonNode cells = doc.get("cells");
        if (cells == null || !cells.isArray()) {
            errors.add(FieldErrors.child(path, "cells"), "expected an array of cells");
        } else {
            for (int i = 0; i < cells.size(); i++) {
                JsonNode c = cells.get(i);
                String at = FieldErrors.index(FieldErrors.child(path, "cells"), i);
                if (!c.isObject() || !c.path("cell_type").isTextual()) {
                    errors.add(at, "expected a cell with a cell_type");
                } else if (!(c.path("source").isTextual() || c.path("source").isArray())) {
                    errors.add(FieldErrors.child(at, "source"), "expected a string or an array of strings");
                }
            }
        }
        JsonNode metadata = doc.get("metadata");
        if (metadata != null && !metadata.isObject()) {
            errors.add(FieldErrors.child(path, "metadata"), "expected an object");
        }
        return errors.size() == before ? new Notebook(((ObjectNode) doc).deepCopy()) : null;
    }

    ObjectNode json() {
        return json.deepCopy();
    }

    List<JsonNode> cells() {
        List<JsonNode> out = new ArrayList<>();
        json.get("cells").forEach(out::add);
        return out;
    }

    /** The kernel's name from {@code metadata.kernelspec.name}, or null. */
    String kernelName() {
        JsonNode n = json.path("metadata").path("kernelspec").path("name");
        return n.isTextual() && !n.textValue().isBlank() ? n.textValue() : null;
    }

    /** The language from {@code metadata.kernelspec.language}, else {@code metadata.language_info.name}, or null. */
    String language() {
        JsonNode spec = json.path("metadata").path("kernelspec").path("language");
        if (spec.isTextual() && !spec.textValue().isBlank()) {
            return spec.textValue();
        }
        JsonNode info = json.path("metadata").path("language_info").path("name");
        return info.isTextual() && !info.textValue().isBlank() ? info.textValue() : null;
    }

    /** The index of the first cell with {@code tag}, or -1. */
    int indexOf(String tag) {
        List<JsonNode> cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            if (tags(cells.get(i)).contains(tag)) {
                return i;
            }
        }
        return -1;
    }

    /** The parameter names the {@code parameters} cell assigns, empty when there is no such cell. */
    List<String> parameterNames(Translator translator) {
        int at = indexOf(PARAMETERS);
        return at < 0 ? List.of() : List.copyOf(translator.assignedNames(source(cells().get(at))));
    }

    static List<String> tags(JsonNode cell) {
        List<String> out = new ArrayList<>();
        cell.path("metadata").path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    static String source(JsonNode cell) {
        JsonNode s = cell.path("source");
        if (s.isTextual()) {
            return s.textValue();
        }
        StringBuilder sb = new StringBuilder();
        s.forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }

    /** The parameterized notebook and where its injected cell went. */
    record Parameterized(ObjectNode json, int injectedIndex, String source) {
    }

    /**
     * Papermill's {@code parameterize_notebook}: every cell tagged {@code injected-parameters} is
     * removed, a new code cell with that tag and the translated values goes right after the
     * {@code parameters} cell (at the top when there is none), and the values are recorded in
     * {@code metadata.papermill.parameters}. Without parameters the notebook stays as it is.
     */
    Parameterized parameterize(Translator translator, Map<String, JsonNode> parameters) {
        if (parameters.isEmpty()) {
            return new Parameterized(json.deepCopy(), -1, null); // papermill leaves a notebook without parameters alone
        }
        String source = translator.codify(parameters);
        ObjectNode cell = NODES.objectNode();
        cell.put("cell_type", "code");
        if (json.path("nbformat_minor").asInt(0) >= 5) {
            cell.put("id", INJECTED); // nbformat 4.5 wants ids: unique within the notebook, so fixed is fine
        }
        cell.putNull("execution_count");
        cell.putObject("metadata").putArray("tags").add(INJECTED);
        cell.putArray("outputs");
        cell.put("source", source);

        List<JsonNode> before = new ArrayList<>();
        List<JsonNode> after = new ArrayList<>();
        int parametersAt = indexOf(PARAMETERS);
        List<JsonNode> cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            JsonNode c = cells.get(i);
            if (tags(c).contains(INJECTED)) {
                continue;
            }
            (i <= parametersAt ? before : after).add(c);
        }
        ObjectNode out = json.deepCopy();
        ArrayNode newCells = out.putArray("cells");
        before.forEach(newCells::add);
        newCells.add(cell);
        after.forEach(newCells::add);
        ObjectNode meta = out.has("metadata") && out.get("metadata").isObject() ? (ObjectNode) out.get("metadata")
                : out.putObject("metadata");
        ObjectNode papermill = meta.has("papermill") && meta.get("papermill").isObject() ? (ObjectNode) meta.get("papermill")
                : meta.putObject("papermill");
        ObjectNode recorded = papermill.putObject("parameters");
        new LinkedHashMap<>(parameters).forEach(recorded::set);
        return new Parameterized(out, before.size(), source);
    }
}
