package dev.kite.plugin.sql;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.CollectionType;
import dev.kite.model.DatasetType;
import dev.kite.model.LiteralType;
import dev.kite.model.SimpleType;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/**
 * Writes the last statement's whole result as the task's {@code dataset} output, under the
 * attempt's raw output location, and returns the dataset value
 * {@code {"uri", "format", "columns", "rows"}}. On DuckDB the warehouse writes the file itself
 * ({@code COPY (query) TO ... (FORMAT parquet)}); elsewhere the rows stream into a JSON-lines file,
 * which an in-process DuckDB turns into Parquet with the result's column types. Declared columns
 * must be in the result with a compatible type ({@code OUTPUT_MISMATCH} otherwise).
 */
final class DatasetExport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqlQuery query;
    private final Connection connection;
    private final Running running;
    private final DatasetFiles files;

    DatasetExport(SqlQuery query, Connection connection, Running running, DatasetFiles files) {
        this.query = query;
        this.connection = connection;
        this.running = running;
        this.files = files;
    }

    ObjectNode export(SqlStatement.Rendered r, ParameterBinder binder) throws SQLException {
        String ext = query.format().equals("parquet") ? ".parquet" : ".jsonl";
        DatasetFiles.Output out = files.output(query.target() + ext);
        ColumnReader.Columns columns;
        long rows;
        if (query.warehouse().dialect() == Dialect.DUCKDB) {
            // the warehouse writes the file; its column types are read back from the Parquet footer
            boolean parquet = query.format().equals("parquet");
            Path file = parquet ? out.file() : out.file().resolveSibling(out.file().getFileName() + ".parquet");
            try (PreparedStatement ps = running.track(connection.prepareStatement(
                    "COPY (\n" + r.sql() + "\n) TO " + literal(file.toString()) + " (FORMAT parquet)"))) {
                binder.bind(ps, r.params());
                ps.execute();
                rows = Math.max(0, ps.getLargeUpdateCount());
            }
            try (Statement s = running.track(connection.createStatement());
                    ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + literal(file.toString()) + ") LIMIT 0")) {
                columns = ColumnReader.Columns.of(rs.getMetaData());
            }
            check(columns);
            if (!parquet) {
                try (Statement s = running.track(connection.createStatement())) {
                    s.execute("COPY (SELECT * FROM read_parquet(" + literal(file.toString()) + ")) TO " + literal(out.file().toString())
                            + " (FORMAT json)");
                }
                delete(file);
            }
        } else {
            Path jsonl = query.format().equals("jsonl") ? out.file() : out.file().resolveSibling(out.file().getFileName() + ".jsonl");
            try (PreparedStatement ps = running.track(connection.prepareStatement(r.sql()))) {
                binder.bind(ps, r.params());
                ps.setFetchSize(1000);
                if (!ps.execute()) {
                    throw new TaskException(TaskError.user("NO_RESULT", "the last statement returned no rows: output dataset"
                            + " needs a query"));
                }
                try (ResultSet rs = ps.getResultSet()) {
                    columns = ColumnReader.Columns.of(rs.getMetaData());
                    check(columns);
                    rows = writeJsonLines(rs, columns, jsonl);
                }
            }
            if (query.format().equals("parquet")) {
                toParquet(jsonl, columns, rows, out.file());
                delete(jsonl);
            }
        }
        files.publish(out);
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("uri", out.uri().toString());
        value.put("format", query.format());
        ObjectNode cols = value.putObject("columns");
        for (int i = 0; i < columns.names().size(); i++) {
            cols.set(columns.names().get(i), columns.kiteType(i).toJson());
        }
        value.put("rows", rows);
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.set(query.target(), value);
        return outputs;
    }

    /** Every declared column is in the result, with a type its values fit. */
    private void check(ColumnReader.Columns columns) {
        DatasetType declared = (DatasetType) query.targetType();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, LiteralType> c : declared.columns().entrySet()) {
            int i = columns.names().indexOf(c.getKey());
            if (i < 0) {
                problems.add("declared column '" + c.getKey() + "' is not in the result (columns: "
                        + String.join(", ", columns.names()) + ")");
            } else if (!compatible(c.getValue(), columns.kiteType(i))) {
                problems.add("column '" + c.getKey() + "' is " + columns.kiteType(i).toJson() + " (" + columns.typeNames()[i]
                        + "), declared " + c.getValue().toJson());
            }
        }
        if (!problems.isEmpty()) {
            throw ResultMapper.mismatch("output '" + query.target() + "': " + String.join("; ", problems));
        }
    }

    static boolean compatible(LiteralType declared, LiteralType actual) {
        if (declared.equals(actual) || actual.equals(LiteralType.STRUCT) || declared.equals(LiteralType.STRUCT)) {
            return true;
        }
        if (declared.equals(LiteralType.FLOAT) && actual.equals(LiteralType.INTEGER)) {
            return true;
        }
        if (declared instanceof CollectionType d && actual instanceof CollectionType a) {
            return compatible(d.element(), a.element());
        }
        return false;
    }

    private long writeJsonLines(ResultSet rs, ColumnReader.Columns columns, Path file) throws SQLException {
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (rs.next()) {
                w.write(MAPPER.writeValueAsString(ColumnReader.row(rs, columns)));
                w.write('\n');
                n++;
            }
        } catch (IOException e) {
            throw new TaskException(TaskError.system("DATA_STORE", "cannot write " + file + ": " + e.getMessage()));
        }
        return n;
    }

    /** JSON lines → Parquet, typed by the result's columns, with an in-process DuckDB. */
    private void toParquet(Path jsonl, ColumnReader.Columns columns, long rows, Path parquet) throws SQLException {
        StringBuilder types = new StringBuilder("{");
        StringBuilder empty = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.names().size(); i++) {
            String name = columns.names().get(i);
            String type = duckType(columns.kiteType(i));
            types.append(i == 0 ? "" : ", ").append(literal(name)).append(": ").append(literal(type));
            empty.append(i == 0 ? "" : ", ").append("CAST(NULL AS ").append(type).append(") AS ").append(Dialect.quote(name, "\""));
        }
        types.append('}');
        String select = rows == 0 ? empty + " LIMIT 0"
                : "SELECT * FROM read_json(" + literal(jsonl.toString()) + ", format = 'newline_delimited', columns = " + types + ")";
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties()); Statement s = running.track(duck.createStatement())) {
            s.execute("COPY (" + select + ") TO " + literal(parquet.toString()) + " (FORMAT parquet)");
        }
    }

    private static String duckType(LiteralType t) {
        if (t instanceof CollectionType c) {
            String e = duckType(c.element());
            return e.equals("JSON") ? "JSON" : e + "[]";
        }
        if (!(t instanceof SimpleType s)) {
            return "VARCHAR";
        }
        return switch (s.kind()) {
            case INTEGER -> "BIGINT";
            case FLOAT -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATETIME -> "TIMESTAMPTZ";
            case STRUCT -> "JSON";
            default -> "VARCHAR";
        };
    }

    /** A SQL string literal of text Kite itself chose (a path, a column name): quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover under the attempt's own prefix
        }
    }
}
