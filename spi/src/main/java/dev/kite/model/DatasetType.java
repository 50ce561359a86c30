package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code {"dataset": {"format": "parquet", "columns": {"c": T}}}}: a tabular data set referenced by
 * URI. An empty format accepts any format; empty columns mean the schema is not declared. Columns
 * are kept sorted by name.
 */
public record DatasetType(String format, Map<String, LiteralType> columns) implements LiteralType {

    public DatasetType {
        format = format == null ? "" : format;
        columns = columns == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(columns));
        columns.values().forEach(t -> Objects.requireNonNull(t, "column type"));
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode dataset = node.putObject("dataset");
        dataset.put("format", format);
        ObjectNode cols = dataset.putObject("columns");
        columns.forEach((name, type) -> cols.set(name, type.toJson()));
        return node;
    }
}
