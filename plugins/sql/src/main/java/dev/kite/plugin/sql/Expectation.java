package dev.kite.plugin.sql;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One expectation of a {@code dataset-check} task.
 *
 * @param type            {@code row-count-between}, {@code column-exists}, {@code not-null},
 *                        {@code unique}, {@code values-in-set}, {@code values-between},
 *                        {@code regex} or {@code custom-sql}
 * @param name            how the report names it; default the type and column
 * @param column          the column ({@code column-exists}, {@code not-null}, {@code unique},
 *                        {@code values-in-set}, {@code values-between}, {@code regex})
 * @param columnType      {@code column-exists}: the Kite type the column must have (optional)
 * @param min             {@code row-count-between}, {@code values-between}: the least allowed value
 * @param max             {@code row-count-between}, {@code values-between}: the greatest allowed value
 * @param maxNullFraction {@code not-null}: the largest share of nulls allowed (default 0)
 * @param values          {@code values-in-set}: the allowed values
 * @param pattern         {@code regex}: a regular expression every non-null value must contain a match of
 *                        (anchor it with {@code ^...$} for a whole-value match)
 * @param sql             {@code custom-sql}: a query over the table {@code dataset} that returns the
 *                        failing rows
 * @param severity        {@code error} (default: a failure fails the task) or {@code warning}
 */
public record Expectation(String type, String name, String column, JsonNode columnType, JsonNode min, JsonNode max,
        Double maxNullFraction, List<JsonNode> values, String pattern, String sql, String severity) {

    /** The name in the report. */
    String label() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return column == null ? type : type + " " + column;
    }

    boolean isError() {
        return severity == null || severity.equals("error");
    }
}
