package dev.kite.plugin.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.CollectionType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.SimpleType;
import dev.kite.model.Values;
import dev.kite.model.Variable;
import dev.kite.spi.TaskError;
import dev.kite.spi.TaskException;

/**
 * Makes a result set into outputs: {@code first-row} (each declared output from the column of its
 * name, matched exactly or else case-insensitively, coerced to its type) or {@code rows} (a
 * collection, one struct per row — or one value per row for a collection of scalars and a
 * one-column result — at most {@code maxRows} of them).
 */
final class ResultMapper {

    private ResultMapper() {
    }

    static ObjectNode firstRow(ResultSet rs, Map<String, Variable> outputs) throws SQLException {
        ColumnReader.Columns columns = ColumnReader.Columns.of(rs.getMetaData());
        if (!rs.next()) {
            throw mismatch("the query returned no rows; output first-row reads the outputs ("
                    + String.join(", ", outputs.keySet()) + ") from its first row");
        }
        ObjectNode row = ColumnReader.row(rs, columns);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Variable> o : outputs.entrySet()) {
            String column = column(o.getKey(), columns.names());
            if (column == null) {
                problems.add("output '" + o.getKey() + "': no column of that name (columns: "
                        + String.join(", ", columns.names()) + ")");
                continue;
            }
            FieldErrors errors = new FieldErrors();
            JsonNode v = Values.coerce(o.getValue().type(), booleanFromBit(o.getValue().type(), row.get(column)),
                    "outputs." + o.getKey(), errors);
            if (v == null) {
                problems.add("output '" + o.getKey() + "' from column '" + column + "': " + Compiled.describe(errors));
            } else {
                out.set(o.getKey(), v);
            }
        }
        if (!problems.isEmpty()) {
            throw mismatch(String.join("; ", problems));
        }
        return out;
    }

    static ObjectNode rows(ResultSet rs, String target, LiteralType type, int maxRows) throws SQLException {
        ColumnReader.Columns columns = ColumnReader.Columns.of(rs.getMetaData());
        LiteralType element = ((CollectionType) type).element();
        boolean scalars = !(element instanceof SimpleType s && s.kind() == SimpleType.Kind.STRUCT) && columns.names().size() == 1;
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int n = 0;
        while (rs.next()) {
            if (++n > maxRows) {
                throw new TaskException(TaskError.user("TOO_MANY_ROWS", "the query returned more than " + maxRows
                        + " rows (config.maxRows, at most kite.sql.max-rows) for output '" + target + "': add a LIMIT,"
                        + " or use output dataset for large results"));
            }
            items.add(scalars ? ColumnReader.value(rs, 1, columns.types()[0], columns.typeNames()[0])
                    : ColumnReader.row(rs, columns));
        }
        FieldErrors errors = new FieldErrors();
        JsonNode v = Values.coerce(type, items, "outputs." + target, errors);
        if (v == null) {
            throw mismatch("output '" + target + "': " + Compiled.describe(errors));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(target, v);
        return out;
    }

    /** 0 and 1 for a declared boolean: MariaDB and MySQL have no boolean type, their comparisons give integers. */
    private static JsonNode booleanFromBit(LiteralType type, JsonNode v) {
        if (LiteralType.BOOLEAN.equals(type) && v != null && v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) {
            return JsonNodeFactory.instance.booleanNode(v.longValue() == 1);
        }
        return v;
    }

    /** The column for an output: the same name, or else the only one equal ignoring case. */
    static String column(String output, List<String> names) {
        if (names.contains(output)) {
            return output;
        }
        List<String> similar = names.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(output.toLowerCase(Locale.ROOT)))
                .toList();
        return similar.size() == 1 ? similar.get(0) : null;
    }

    static TaskException mismatch(String message) {
        return new TaskException(TaskError.user("OUTPUT_MISMATCH", message));
    }

}
