package dev.kite.plugin.sql;

/**
 * The {@code config} of a {@code sql} task. See {@code src/docs/sql-tasks.md}.
 *
 * @param warehouse  the warehouse, by its name in {@code kite.sql.warehouses}; default
 *                   {@code kite.sql.default-warehouse} ({@code duckdb}, embedded)
 * @param sql        one or more statements separated by {@code ;}, run in order in one transaction;
 *                   {@code {{.inputs.x}}} is a bound parameter, {@code {{.ident.x}}} a string input
 *                   written as a quoted identifier
 * @param output     what the last statement gives: {@code none}, {@code first-row} (each output from
 *                   the column of its name), {@code rows} (the task's one output, a collection:
 *                   one struct per row) or {@code dataset} (the task's one output, a dataset, written to the attempt's raw output
 *                   location); default {@code first-row} when the task declares outputs, else
 *                   {@code none}
 * @param maxRows    most rows {@code rows} may return (default and upper bound: {@code kite.sql.max-rows});
 *                   more fail the attempt
 * @param format     the file format of {@code dataset}: {@code parquet} (default) or {@code jsonl}
 */
public record SqlTaskConfig(String warehouse, String sql, String output, Integer maxRows,
        String format) {
}
