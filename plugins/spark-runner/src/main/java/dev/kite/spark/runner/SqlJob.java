package dev.kite.spark.runner;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL mode of Kite's local Spark tasks, run by {@code SparkSubmit} in a child JVM. Its one
 * argument is a job file written by Kite:
 *
 * <pre>{@code
 * {"views": {"lines": {"path": "/data/in/lines/", "format": "text"}},
 *  "params": {"min": 2},
 *  "statements": ["CREATE TEMP VIEW words AS SELECT explode(split(value, ' ')) AS word FROM lines"],
 *  "outputs": {"counts": {"query": "SELECT word, count(*) AS n FROM words GROUP BY word",
 *                         "path": "/data/raw/.../counts", "format": "parquet"},
 *              "distinct": {"query": "SELECT count(DISTINCT word) FROM words"}},
 *  "outputsFile": "/data/raw/.../outputs.json"}
 * }</pre>
 *
 * Every dataset input is a temporary view named after the input; scalar inputs are named
 * parameters ({@code :min}) of every statement and query, bound by Spark, never pasted into the
 * SQL text. A dataset output's query result is written to its path in its format; a scalar
 * output's query must return one row of one column, written to the outputs file as JSON.
 */
public final class SqlJob {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SqlJob <job.json>");
            System.exit(2);
        }
        JsonNode job = JSON.readTree(new File(args[0]));
        SparkSession spark = SparkSession.builder().appName(job.path("name").asText("kite-sql")).getOrCreate();
        try {
            run(spark, job);
        } finally {
            spark.stop();
        }
    }

    static void run(SparkSession spark, JsonNode job) throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        job.path("params").properties().forEach(e -> params.put(e.getKey(), value(e.getValue())));
        for (Map.Entry<String, JsonNode> v : job.path("views").properties()) {
            String format = v.getValue().path("format").asText("parquet");
            read(spark, format, v.getValue().path("path").asText()).createOrReplaceTempView(v.getKey());
        }
        for (JsonNode statement : job.path("statements")) {
            sql(spark, statement.asText(), params).collect();
        }
        ObjectNode scalars = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> o : job.path("outputs").properties()) {
            JsonNode out = o.getValue();
            Dataset<Row> result = sql(spark, out.path("query").asText(), params);
            if (out.hasNonNull("path")) {
                result.write().mode("overwrite").format(out.path("format").asText("parquet")).save(out.path("path").asText());
            } else {
                Row[] rows = (Row[]) result.take(2);
                if (rows.length != 1 || rows[0].length() != 1) {
                    throw new IllegalArgumentException("the query of output '" + o.getKey() + "' must return one row of one"
                            + " column, got " + (rows.length == 0 ? "no rows" : rows.length > 1 ? "several rows"
                                    : rows[0].length() + " columns"));
                }
                scalars.set(o.getKey(), JSON.valueToTree(rows[0].isNullAt(0) ? null : plain(rows[0].get(0))));
            }
        }
        if (job.hasNonNull("outputsFile")) {
            Path file = Path.of(job.get("outputsFile").asText());
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(scalars), StandardCharsets.UTF_8);
        }
    }

    private static Dataset<Row> sql(SparkSession spark, String text, Map<String, Object> params) {
        return params.isEmpty() ? spark.sql(text) : spark.sql(text, params);
    }

    private static Dataset<Row> read(SparkSession spark, String format, String path) {
        return switch (format) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(path);
            case "text", "txt" -> spark.read().text(path);
            default -> spark.read().format(format).load(path);
        };
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.toString();
    }

    /** A Spark value as JSON can hold it: numbers and booleans as themselves, the rest as text. */
    private static Object plain(Object v) {
        if (v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v instanceof java.math.BigDecimal d ? d.doubleValue() : v;
        }
        return v.toString();
    }
}
