package dev.kite.plugin.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.LiteralType;

/**
 * Evaluates a {@code dataset-check}'s expectations with DuckDB over the dataset file, the table
 * {@code dataset} of every query. Column names are quoted identifiers, every value from the config
 * (bounds, sets, patterns) a bound parameter. Each result records whether it passed, the observed
 * value and a sample of failing rows.
 */
final class ExpectationRunner {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private final Connection connection;
    private final Running running;
    private final String file;
    private final String reader;
    private final int sample;
    private final ParameterBinder binder;
    private final Map<String, JsonNode> data;

    /**
     * @param format the dataset's format: parquet, jsonl/json, csv (read with DuckDB's readers)
     */
    ExpectationRunner(Connection connection, Running running, String file, String format, int sample,
            ParameterBinder binder, Map<String, JsonNode> data) {
        this.connection = connection;
        this.running = running;
        this.file = file;
        this.reader = switch (format) {
            case "csv" -> "read_csv(?)";
            case "jsonl", "json", "ndjson" -> "read_json(?)";
            default -> "read_parquet(?)";
        };
        this.sample = sample;
        this.binder = binder;
        this.data = data;
    }

    /** The result of one expectation. */
    ObjectNode evaluate(DatasetCheck.Compiled c) throws SQLException {
        Expectation e = c.e();
        ObjectNode r = N.objectNode();
        r.put("name", e.label());
        r.put("type", e.type());
        if (e.column() != null) {
            r.put("column", e.column());
        }
        r.put("severity", e.isError() ? "error" : "warning");
        Map<String, LiteralType> columns = columns();
        if (e.column() != null && !columns.containsKey(e.column())) {
            r.put("passed", false);
            r.set("observed", NullNode.getInstance());
            r.put("message", "no column '" + e.column() + "' (columns: " + String.join(", ", columns.keySet()) + ")");
            return r;
        }
        measure(r, c, columns);
        return r;
    }

    /** Puts passed, observed and a sample of failing rows into {@code r}. */
    private void measure(ObjectNode r, DatasetCheck.Compiled c, Map<String, LiteralType> columns) throws SQLException {
        Expectation e = c.e();
        String col = e.column() == null ? null : Dialect.quote(e.column(), "\"");
        switch (e.type()) {
            case "row-count-between" -> {
                long n = scalar("SELECT count(*) FROM dataset", List.of()).longValue();
                r.put("passed", within(n, e.min(), e.max()));
                r.put("observed", n);
            }
            case "column-exists" -> {
                LiteralType actual = columns.get(e.column());
                r.put("passed", c.columnType() == null || DatasetExport.compatible(c.columnType(), actual));
                r.set("observed", actual.toJson());
            }
            case "not-null" -> {
                long total = scalar("SELECT count(*) FROM dataset", List.of()).longValue();
                long nulls = failing(r, col + " IS NULL", List.of());
                double fraction = total == 0 ? 0 : (double) nulls / total;
                r.put("passed", fraction <= (e.maxNullFraction() == null ? 0 : e.maxNullFraction()));
                r.put("observed", fraction);
            }
            case "unique" -> {
                long dup = scalar("SELECT count(" + col + ") - count(DISTINCT " + col + ") FROM dataset", List.of()).longValue();
                r.put("passed", dup == 0);
                r.put("observed", dup);
                r.set("sample", rows("SELECT " + col + ", count(*) AS n FROM dataset WHERE " + col + " IS NOT NULL GROUP BY "
                        + col + " HAVING count(*) > 1 ORDER BY n DESC LIMIT " + sample, List.of()));
            }
            case "values-in-set" -> {
                String marks = String.join(", ", e.values().stream().map(v -> "?").toList());
                long bad = failing(r, col + " IS NOT NULL AND " + col + " NOT IN (" + marks + ")", e.values());
                r.put("passed", bad == 0);
                r.put("observed", bad);
            }
            case "values-between" -> {
                List<JsonNode> params = new ArrayList<>();
                List<String> bad = new ArrayList<>();
                if (e.min() != null && !e.min().isNull()) {
                    bad.add(col + " < ?");
                    params.add(e.min());
                }
                if (e.max() != null && !e.max().isNull()) {
                    bad.add(col + " > ?");
                    params.add(e.max());
                }
                long n = failing(r, String.join(" OR ", bad), params);
                r.put("passed", n == 0);
                r.put("observed", n);
            }
            case "regex" -> {
                long n = failing(r, col + " IS NOT NULL AND NOT regexp_matches(CAST(" + col + " AS VARCHAR), ?)",
                        List.of(N.textNode(e.pattern())));
                r.put("passed", n == 0);
                r.put("observed", n);
            }
            default -> customSql(r, c);
        }
    }

    private void customSql(ObjectNode r, DatasetCheck.Compiled c) throws SQLException {
        SqlStatement.Rendered q = c.custom().render(data, "\"");
        long n = count("SELECT count(*) FROM (\n" + q.sql() + "\n) failing", q.params());
        r.put("passed", n == 0);
        r.put("observed", n);
        r.set("sample", rows("SELECT * FROM (\n" + q.sql() + "\n) failing LIMIT " + sample, q.params()));
    }

    /** Counts the rows matching {@code predicate} and puts a sample of them in {@code r}. */
    private long failing(ObjectNode r, String predicate, List<JsonNode> params) throws SQLException {
        List<SqlStatement.Bound> bound = params.stream().map(v -> new SqlStatement.Bound(v, null, "config")).toList();
        long n = count("SELECT count(*) FROM dataset WHERE " + predicate, bound);
        r.set("sample", rows("SELECT * FROM dataset WHERE " + predicate + " LIMIT " + sample, bound));
        return n;
    }

    private long count(String sql, List<SqlStatement.Bound> params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonNode scalar(String sql, List<SqlStatement.Bound> params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return ColumnReader.of(rs.getObject(1));
        }
    }

    private ArrayNode rows(String sql, List<SqlStatement.Bound> params) throws SQLException {
        ArrayNode out = N.arrayNode();
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            ColumnReader.Columns columns = ColumnReader.Columns.of(rs.getMetaData());
            while (rs.next()) {
                out.add(ColumnReader.row(rs, columns));
            }
        }
        return out;
    }

    /** The dataset's columns and their Kite types, in order. */
    Map<String, LiteralType> columns() throws SQLException {
        Map<String, LiteralType> out = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare("SELECT * FROM dataset LIMIT 0", List.of()); ResultSet rs = ps.executeQuery()) {
            ColumnReader.Columns columns = ColumnReader.Columns.of(rs.getMetaData());
            for (int i = 0; i < columns.names().size(); i++) {
                out.put(columns.names().get(i), columns.kiteType(i));
            }
        }
        return out;
    }

    /** The row count of the dataset. */
    long rows() throws SQLException {
        return count("SELECT count(*) FROM dataset", List.of());
    }

    private PreparedStatement prepare(String body, List<SqlStatement.Bound> params) throws SQLException {
        PreparedStatement ps = running.track(connection.prepareStatement("WITH dataset AS (SELECT * FROM " + reader + ")\n" + body));
        try {
            List<SqlStatement.Bound> shifted = new ArrayList<>();
            shifted.add(new SqlStatement.Bound(N.textNode(file), LiteralType.STRING, "dataset"));
            shifted.addAll(params);
            binder.bind(ps, shifted);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static boolean within(long n, JsonNode min, JsonNode max) {
        return (min == null || min.isNull() || n >= min.longValue()) && (max == null || max.isNull() || n <= max.longValue());
    }
}
