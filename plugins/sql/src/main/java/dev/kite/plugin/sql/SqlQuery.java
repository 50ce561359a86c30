package dev.kite.plugin.sql;

import java.util.List;
import java.util.Map;

import dev.kite.model.CollectionType;
import dev.kite.model.DatasetType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Variable;

/**
 * A {@code sql} task's config, checked and compiled against its interface and its warehouse's
 * dialect: what registration checks, and what an attempt runs.
 *
 * @param warehouse  the warehouse
 * @param sql        the SQL as written (for error positions)
 * @param statements the compiled statements, in order
 * @param mode       the output mode
 * @param target     the output {@code rows}/{@code dataset} fills (null otherwise)
 * @param targetType its declared type
 * @param maxRows    the row cap of {@code rows}
 * @param format     {@code parquet} or {@code jsonl} for {@code dataset}
 */
record SqlQuery(Warehouse warehouse, String sql, List<SqlStatement> statements, OutputMode mode, String target,
        LiteralType targetType, int maxRows, String format) {

    static final List<String> FORMATS = List.of("parquet", "jsonl");

    static SqlQuery compile(TaskTemplate task, SqlTaskConfig c, Warehouses warehouses, FieldErrors errors) {
        int before = errors.size();
        if (c == null) {
            errors.add("config", "required: {\"sql\": \"select ...\"}");
            return null;
        }
        String name = c.warehouse() == null ? warehouses.settings().defaultWarehouse() : c.warehouse();
        Warehouse warehouse = warehouses.get(name).orElse(null);
        if (warehouse == null) {
            errors.add("config.warehouse", "unknown warehouse '" + name + "'; configured: "
                    + String.join(", ", warehouses.names()) + " (kite.sql.warehouses.\"<name>\".url)");
        }
        List<SqlStatement> statements = null;
        if (c.sql() == null || c.sql().isBlank()) {
            errors.add("config.sql", "required: one or more SQL statements");
        } else if (warehouse != null) {
            statements = SqlStatement.compile(c.sql(), warehouse.dialect(), task.iface(), "config.sql", errors);
        }
        Map<String, Variable> outputs = task.iface().outputs();
        OutputMode mode = c.output() == null ? (outputs.isEmpty() ? OutputMode.NONE : OutputMode.FIRST_ROW)
                : OutputMode.of(c.output()).orElse(null);
        if (mode == null) {
            errors.add("config.output", "expected none, first-row, rows or dataset, got \"" + c.output() + "\"");
        }
        int cap = warehouses.settings().maxRows();
        int maxRows = c.maxRows() == null ? cap : c.maxRows();
        if (maxRows < 1 || maxRows > cap) {
            errors.add("config.maxRows", "must be between 1 and " + cap + " (kite.sql.max-rows), got " + maxRows);
        }
        String target = null;
        LiteralType targetType = null;
        String format = "parquet";
        if (mode == OutputMode.FIRST_ROW && outputs.isEmpty()) {
            errors.add("config.output", "first-row fills the task's outputs from the columns of the same name, and the task declares none");
        } else if (mode == OutputMode.ROWS || mode == OutputMode.DATASET) {
            target = target(outputs, mode, errors);
            targetType = target == null ? null : outputs.get(target).type();
            if (mode == OutputMode.ROWS && targetType != null && !(targetType instanceof CollectionType)) {
                errors.add("interface.outputs." + target, "output rows needs a collection type (of struct, or of a scalar for"
                        + " a one-column result), got " + targetType.toJson());
            }
            if (mode == OutputMode.DATASET && targetType != null) {
                format = format(c, targetType, target, errors);
            }
        }
        if (c.format() != null && mode != OutputMode.DATASET) {
            errors.add("config.format", "only output dataset writes a file");
        }
        if (errors.size() != before) {
            return null;
        }
        return new SqlQuery(warehouse, c.sql(), statements, mode, target, targetType, maxRows, format);
    }

    private static String target(Map<String, Variable> outputs, OutputMode mode, FieldErrors errors) {
        if (outputs.size() != 1) {
            errors.add("interface.outputs", "output " + mode.wire() + " fills exactly one output; the task declares "
                    + outputs.size() + (outputs.isEmpty() ? "" : " (" + String.join(", ", outputs.keySet()) + ")"));
            return null;
        }
        return outputs.keySet().iterator().next();
    }

    private static String format(SqlTaskConfig c, LiteralType type, String target, FieldErrors errors) {
        if (!(type instanceof DatasetType d)) {
            errors.add("interface.outputs." + target, "output dataset needs a dataset type, got " + type.toJson());
            return null;
        }
        String f = c.format() != null ? c.format() : d.format().isEmpty() ? "parquet" : d.format();
        if (!FORMATS.contains(f)) {
            errors.add(c.format() != null ? "config.format" : "interface.outputs." + target + ".dataset.format",
                    "expected parquet or jsonl, got \"" + f + "\"");
            return null;
        }
        if (!d.format().isEmpty() && !d.format().equals(f)) {
            errors.add("config.format", "\"" + f + "\" differs from the declared format \"" + d.format() + "\"");
            return null;
        }
        return f;
    }
}
