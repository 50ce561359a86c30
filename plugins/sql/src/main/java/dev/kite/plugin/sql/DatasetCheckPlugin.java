package dev.kite.plugin.sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.Canonical;
import dev.kite.model.FieldErrors;
import dev.kite.model.TaskTemplate;
import dev.kite.spi.SyncPlugin;
import dev.kite.spi.TaskContext;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;
import dev.kite.spi.TaskResult;
import dev.kite.spi.TaskTypes;

/**
 * The task type {@code dataset-check}: expectations over a dataset input (row count, columns and
 * their types, nulls, uniqueness, allowed values and ranges, patterns, custom SQL returning failing
 * rows), evaluated with DuckDB on the dataset file. The report — per expectation: passed, the
 * observed value, a sample of failing rows — is the task's struct output; when an expectation of
 * severity {@code error} fails, the task fails instead (USER, non-recoverable,
 * {@code EXPECTATIONS_FAILED}) with the report's failures in the message. Warnings are reported and
 * do not fail it.
 */
@ApplicationScoped
@TaskTypes(DatasetCheckPlugin.TYPE)
public class DatasetCheckPlugin implements SyncPlugin<DatasetCheckConfig> {

    /** The task type. */
    public static final String TYPE = "dataset-check";

    @Inject
    Warehouses warehouses;

    public DatasetCheckPlugin() {
    }

    /** A plugin on the given warehouses (for tests without a container). */
    public DatasetCheckPlugin(Warehouses warehouses) {
        this.warehouses = warehouses;
    }

    /** Parses and checks the expectations once per task version (decision 0010); every attempt gets them. */
    @Override
    public DatasetCheck prepare(TaskTemplate task, DatasetCheckConfig config, FieldErrors errors) {
        return DatasetCheck.compile(task, config, warehouses, errors);
    }

    @Override
    public Uni<TaskResult> run(TaskContext<DatasetCheckConfig> ctx) {
        DatasetCheck check = Compiled.of(ctx, errors -> DatasetCheck.compile(ctx.task(), ctx.config(), warehouses, errors));
        JsonNode ref = ctx.inputs().get(check.input());
        return check.warehouse().submit(Optional::empty, (connection, running) -> {
            try (DatasetFiles files = new DatasetFiles(ctx)) {
                Map<String, JsonNode> data = Map.of("inputs", ctx.inputs());
                ParameterBinder binder = new ParameterBinder(connection, Dialect.DUCKDB, files::localPath);
                ExpectationRunner runner = new ExpectationRunner(connection, running, files.localPath(ref),
                        ref.path("format").asText(""), warehouses.settings().sampleRows(), binder, data);
                return report(check, runner, ref);
            } catch (SQLException e) {
                throw new TaskException(SqlErrors.of(e, check.warehouse().name(), 0, 0, null, ""), e);
            }
        }).map(report -> outcome(check, report))
                .onFailure(TaskException.class).recoverWithItem(f -> TaskResult.failed(((TaskException) f).error()));
    }

    private static ObjectNode report(DatasetCheck check, ExpectationRunner runner, JsonNode ref) throws SQLException {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        ObjectNode dataset = report.putObject("dataset");
        dataset.put("uri", ref.path("uri").asText());
        dataset.put("rows", runner.rows());
        ArrayNode results = report.putArray("results");
        List<String> failed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (DatasetCheck.Compiled c : check.expectations()) {
            ObjectNode r = runner.evaluate(c);
            results.add(r);
            if (!r.path("passed").asBoolean()) {
                (c.e().isError() ? failed : warnings).add(c.e().label());
            }
        }
        report.put("success", failed.isEmpty());
        ArrayNode f = report.putArray("failed");
        failed.forEach(f::add);
        ArrayNode w = report.putArray("warnings");
        warnings.forEach(w::add);
        return report;
    }

    /** The report in an error message: at most 4000 characters. */
    private static String cut(String json) {
        return json.length() <= 4000 ? json : json.substring(0, 4000) + "…";
    }

    private static TaskResult outcome(DatasetCheck check, ObjectNode report) {
        if (!report.path("success").asBoolean()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode r : report.path("results")) {
                if (!r.path("passed").asBoolean() && r.path("severity").asText().equals("error")) {
                    parts.add(r.path("name").asText() + " (observed " + Canonical.json(r.path("observed"))
                            + (r.has("message") ? ": " + r.path("message").asText() : "") + ")");
                }
            }
            return TaskResult.failed(TaskError.user("EXPECTATIONS_FAILED", parts.size() + " of " + check.expectations().size()
                    + " expectations failed on " + report.path("dataset").path("uri").asText() + ": " + String.join("; ", parts)
                    + " — report: " + cut(Canonical.json(report))));
        }
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        if (check.report() != null) {
            outputs.set(check.report(), report);
        }
        return TaskResult.succeeded(outputs);
    }
}
