package dev.kite.spi.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.LiteralType;
import dev.kite.model.FieldErrors;
import dev.kite.spi.TaskContext;

/**
 * A {@code dataset} value for {@code @KiteTask} methods: a table in a store, with its format and,
 * where known, its columns and row count ({@link #withColumns}, {@link #withRows}), which Kite
 * records and checks against the declared columns. Reading and writing block the calling thread.
 */
public final class Dataset {

    private final Blob blob;
    private final Map<String, LiteralType> columns;
    private final Long rows;

    private Dataset(Blob blob, Map<String, LiteralType> columns, Long rows) {
        this.blob = blob;
        this.columns = columns == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(columns));
        this.rows = rows;
    }

    /** A dataset at {@code uri}, read through {@code store}. */
    public static Dataset of(URI uri, String format, DataStore store) {
        return new Dataset(Blob.of(uri, format, store), null, null);
    }

    /** The dataset a canonical dataset value names, with the columns and row count it records. */
    public static Dataset fromValue(JsonNode value, DataStore store) {
        Map<String, LiteralType> columns = new TreeMap<>();
        value.path("columns").properties().forEach(e -> columns.put(e.getKey(), column(e.getValue(), e.getKey())));
        Long rows = value.hasNonNull("rows") ? value.get("rows").asLong() : null;
        return new Dataset(Blob.fromValue(value, store), columns, rows);
    }

    /** Writes a new single-file dataset {@code name} under the attempt's raw output location. */
    public static Dataset write(TaskContext<?> ctx, String name, String format, Blob.Writer writer) throws IOException {
        return new Dataset(Blob.write(ctx, name, format, writer), null, null);
    }

    /** This dataset, recording its columns (name → type). */
    public Dataset withColumns(Map<String, LiteralType> columns) {
        return new Dataset(blob, columns, rows);
    }

    /** This dataset, recording its row count. */
    public Dataset withRows(long rows) {
        return new Dataset(blob, columns, rows);
    }

    public URI uri() {
        return blob.uri();
    }

    public String format() {
        return blob.format();
    }

    /** The columns as recorded (empty when unknown). */
    public Map<String, LiteralType> columns() {
        return columns;
    }

    /** The row count as recorded, or null. */
    public Long rows() {
        return rows;
    }

    /** Opens a single-file dataset for reading; the caller closes the stream. */
    public InputStream open() {
        return blob.open();
    }

    /** Downloads a single-file dataset to {@code target}. */
    public Path download(Path target) {
        return blob.download(target);
    }

    /** The value, {@code {"uri", "format", "columns"?, "rows"?}}. */
    @JsonValue
    public ObjectNode toValue() {
        ObjectNode n = blob.toValue();
        if (!columns.isEmpty()) {
            ObjectNode c = n.putObject("columns");
            columns.forEach((name, type) -> c.set(name, type.toJson()));
        }
        if (rows != null) {
            n.put("rows", rows);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && d.blob.equals(blob) && d.columns.equals(columns) && Objects.equals(d.rows, rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(blob, columns, rows);
    }

    @Override
    public String toString() {
        return "Dataset[" + uri() + ", " + format() + (columns.isEmpty() ? "" : ", " + columns.keySet())
                + (rows == null ? "" : ", " + rows + " rows") + "]";
    }

    /** A column type of a canonical value (checked when the value was accepted). */
    private static LiteralType column(JsonNode expr, String name) {
        FieldErrors errors = new FieldErrors();
        LiteralType t = LiteralType.parse(expr, "columns." + name, errors);
        errors.throwIfAny();
        return t;
    }
}
