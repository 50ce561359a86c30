package dev.kite.plugin.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.kite.model.DatasetType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.SimpleType;
import dev.kite.model.TaskTemplate;
import dev.kite.model.Variable;

/**
 * A {@code dataset-check} task's config, checked against its interface: the warehouse (DuckDB),
 * the dataset input, the report output (the task's one output, a struct, or none) and each
 * expectation with the fields its type needs.
 *
 * @param warehouse    the DuckDB warehouse
 * @param input        the dataset input's name
 * @param report       the report output's name, or null
 * @param expectations the expectations, with their compiled custom SQL (null for other types)
 */
record DatasetCheck(Warehouse warehouse, String input, String report, List<Compiled> expectations) {

    static final Set<String> TYPES = Set.of("row-count-between", "column-exists", "not-null", "unique", "values-in-set",
            "values-between", "regex", "custom-sql");
    private static final Set<String> WITH_COLUMN = Set.of("column-exists", "not-null", "unique", "values-in-set",
            "values-between", "regex");

    /** An expectation and, for custom SQL, its compiled statement; columnType parsed. */
    record Compiled(Expectation e, SqlStatement custom, LiteralType columnType) {
    }

    static DatasetCheck compile(TaskTemplate task, DatasetCheckConfig c, Warehouses warehouses, FieldErrors errors) {
        int before = errors.size();
        if (c == null) {
            errors.add("config", "required: {\"expectations\": [...]}");
            return null;
        }
        String name = c.warehouse() == null ? SqlSettings.EMBEDDED : c.warehouse();
        Warehouse warehouse = warehouses.get(name).orElse(null);
        if (warehouse == null || warehouse.dialect() != Dialect.DUCKDB) {
            errors.add("config.warehouse", (warehouse == null ? "unknown warehouse '" : "warehouse '") + name + "'"
                    + (warehouse == null ? "" : " is not DuckDB") + ": expectations are evaluated with DuckDB");
        }
        String input = input(task, c.dataset(), errors);
        Map<String, Variable> outputs = task.iface().outputs();
        String report = null;
        if (outputs.size() > 1 || outputs.size() == 1 && !LiteralType.STRUCT.equals(outputs.values().iterator().next().type())) {
            errors.add("interface.outputs", "a dataset-check task declares one struct output (the report) or none");
        } else if (outputs.size() == 1) {
            report = outputs.keySet().iterator().next();
        }
        List<Compiled> compiled = new ArrayList<>();
        if (c.expectations() == null || c.expectations().isEmpty()) {
            errors.add("config.expectations", "required: at least one expectation");
        } else {
            for (int i = 0; i < c.expectations().size(); i++) {
                compiled.add(expectation(task, c.expectations().get(i), FieldErrors.index("config.expectations", i), errors));
            }
        }
        return errors.size() == before ? new DatasetCheck(warehouse, input, report, List.copyOf(compiled)) : null;
    }

    private static String input(TaskTemplate task, String named, FieldErrors errors) {
        List<String> datasets = task.iface().inputs().entrySet().stream().filter(e -> e.getValue().type() instanceof DatasetType)
                .map(Map.Entry::getKey).toList();
        if (named != null) {
            if (!datasets.contains(named)) {
                errors.add("config.dataset", "no dataset input '" + named + "' (dataset inputs: "
                        + (datasets.isEmpty() ? "none" : String.join(", ", datasets)) + ")");
                return null;
            }
            return named;
        }
        if (datasets.size() != 1) {
            errors.add("config.dataset", datasets.isEmpty() ? "the task declares no dataset input to check"
                    : "several dataset inputs (" + String.join(", ", datasets) + "): name the one to check");
            return null;
        }
        return datasets.get(0);
    }

    private static Compiled expectation(TaskTemplate task, Expectation e, String path, FieldErrors errors) {
        if (e == null || e.type() == null || !TYPES.contains(e.type())) {
            errors.add(FieldErrors.child(path, "type"), "expected one of " + String.join(", ", TYPES.stream().sorted().toList())
                    + (e == null || e.type() == null ? "" : ", got \"" + e.type() + "\""));
            return null;
        }
        if (e.severity() != null && !e.severity().equals("error") && !e.severity().equals("warning")) {
            errors.add(FieldErrors.child(path, "severity"), "expected error or warning, got \"" + e.severity() + "\"");
        }
        if (WITH_COLUMN.contains(e.type()) && (e.column() == null || e.column().isEmpty())) {
            errors.add(FieldErrors.child(path, "column"), "required for " + e.type());
        }
        if (e.type().equals("custom-sql")) {
            return customSql(task, e, path, errors);
        }
        return new Compiled(e, null, fields(e, path, errors));
    }

    /** Checks the fields an expectation's type needs; the parsed columnType of column-exists. */
    private static LiteralType fields(Expectation e, String path, FieldErrors errors) {
        LiteralType columnType = null;
        switch (e.type()) {
            case "row-count-between", "values-between" -> {
                if (e.min() == null && e.max() == null) {
                    errors.add(path, e.type() + " needs min, max or both");
                }
                number(e.min(), FieldErrors.child(path, "min"), e.type().equals("row-count-between"), errors);
                number(e.max(), FieldErrors.child(path, "max"), e.type().equals("row-count-between"), errors);
            }
            case "column-exists" -> {
                if (e.columnType() != null) {
                    columnType = LiteralType.parse(e.columnType(), FieldErrors.child(path, "columnType"), errors);
                }
            }
            case "not-null" -> {
                if (e.maxNullFraction() != null && (e.maxNullFraction() < 0 || e.maxNullFraction() > 1)) {
                    errors.add(FieldErrors.child(path, "maxNullFraction"), "must be between 0 and 1");
                }
            }
            case "values-in-set" -> {
                if (e.values() == null || e.values().isEmpty()) {
                    errors.add(FieldErrors.child(path, "values"), "required: the allowed values");
                } else if (e.values().stream().anyMatch(v -> v == null || !v.isValueNode())) {
                    errors.add(FieldErrors.child(path, "values"), "expected strings, numbers or booleans");
                }
            }
            case "regex" -> {
                try {
                    Pattern.compile(e.pattern() == null ? "" : e.pattern());
                } catch (PatternSyntaxException x) {
                    errors.add(FieldErrors.child(path, "pattern"), "not a regular expression: " + x.getDescription());
                }
                if (e.pattern() == null) {
                    errors.add(FieldErrors.child(path, "pattern"), "required for regex");
                }
            }
            default -> {
                // the column is all unique needs
            }
        }
        return columnType;
    }

    private static Compiled customSql(TaskTemplate task, Expectation e, String path, FieldErrors errors) {
        if (e.sql() == null || e.sql().isBlank()) {
            errors.add(FieldErrors.child(path, "sql"), "required: a query over the table dataset returning failing rows");
            return null;
        }
        List<SqlStatement> s = SqlStatement.compile(e.sql(), Dialect.DUCKDB, task.iface(), FieldErrors.child(path, "sql"), errors);
        if (s != null && s.size() != 1) {
            errors.add(FieldErrors.child(path, "sql"), "one query, not " + s.size() + " statements");
            return null;
        }
        return s == null ? null : new Compiled(e, s.get(0), null);
    }

    private static void number(com.fasterxml.jackson.databind.JsonNode v, String path, boolean integer, FieldErrors errors) {
        if (v == null || v.isNull()) {
            return;
        }
        if (integer ? !v.isIntegralNumber() : !(v.isNumber() || v.isTextual())) {
            errors.add(path, integer ? "expected an integer" : "expected a number (or a string, compared as text)");
        }
    }

    static boolean isStruct(LiteralType t) {
        return t instanceof SimpleType s && s.kind() == SimpleType.Kind.STRUCT;
    }
}
