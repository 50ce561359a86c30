package dev.kite.plugin.sql;

import java.util.List;

/**
 * The {@code config} of a {@code dataset-check} task. See {@code src/docs/sql-tasks.md}.
 *
 * @param warehouse    the DuckDB warehouse that evaluates the expectations; default the embedded
 *                     {@code duckdb}
 * @param dataset      the dataset input checked; default: the task's only dataset input
 * @param expectations what must hold, evaluated in order
 */
public record DatasetCheckConfig(String warehouse, String dataset, List<Expectation> expectations) {
}
