package dev.kite.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** What a command prints: a table for people, or the API's JSON (or YAML) as it came, for scripts. */
final class Output {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The formats of {@code -o}. */
    enum Format { table, json, yaml }

    /** A column: its header and how to read its cell from an item. */
    record Column(String header, Function<JsonNode, String> cell) {

        static Column of(String header, String... path) {
            return new Column(header, n -> text(n, path));
        }
    }

    private final PrintWriter out;
    private final Format format;

    Output(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    boolean human() {
        return format == Format.table;
    }

    PrintWriter out() {
        return out;
    }

    /** {@code value} as JSON or YAML; for tables, the rows of {@code items} (the value itself when null). */
    void print(JsonNode value, JsonNode items, List<Column> columns) {
        switch (format) {
            case json -> out.println(pretty(value));
            case yaml -> out.print(yaml(value));
            default -> table(items == null ? value : items, columns);
        }
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    private void table(JsonNode items, List<Column> columns) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items.isArray() ? items : JSON.createArrayNode().add(items)) {
            rows.add(columns.stream().map(c -> c.cell().apply(item)).map(s -> s == null ? "" : s).toArray(String[]::new));
        }
        int[] width = new int[columns.size()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(b.toString().stripTrailing());
        }
    }

    /** The text at {@code path} in {@code n} (null when absent); objects and arrays as compact JSON. */
    static String text(JsonNode n, String... path) {
        JsonNode v = n;
        for (String p : path) {
            v = v == null ? null : v.get(p);
        }
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static String pretty(JsonNode value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(JsonNode value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
