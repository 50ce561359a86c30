package dev.kite.plugin.sql;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kite.model.CollectionType;
import dev.kite.model.LiteralType;

/**
 * Reads result columns as plain JSON values, which {@link dev.kite.model.Values} then coerces to
 * the declared types: numbers as numbers (decimals exactly), text as strings, timestamps as UTC
 * instants (a timestamp without a time zone is read as UTC), dates and times as ISO text, bytes as
 * base64, arrays as arrays, JSON columns and structs as objects, intervals as ISO-8601 durations.
 */
final class ColumnReader {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    /** A result's columns: names and JDBC types. */
    record Columns(List<String> names, int[] types, String[] typeNames, int[] scales) {

        static Columns of(ResultSetMetaData md) throws SQLException {
            int n = md.getColumnCount();
            List<String> names = new ArrayList<>();
            int[] types = new int[n];
            String[] typeNames = new String[n];
            int[] scales = new int[n];
            for (int i = 1; i <= n; i++) {
                names.add(md.getColumnLabel(i));
                types[i - 1] = md.getColumnType(i);
                typeNames[i - 1] = md.getColumnTypeName(i);
                scales[i - 1] = safeScale(md, i);
            }
            return new Columns(List.copyOf(names), types, typeNames, scales);
        }

        private static int safeScale(ResultSetMetaData md, int i) {
            try {
                return md.getScale(i);
            } catch (SQLException | RuntimeException e) {
                return 0;
            }
        }

        /** The Kite type of column {@code i} (0-based), as a dataset's {@code columns} declare it. */
        LiteralType kiteType(int i) {
            return ColumnReader.kiteType(types[i], typeNames[i], scales[i]);
        }
    }

    private ColumnReader() {
    }

    /** The current row as an object of column name → value. */
    static ObjectNode row(ResultSet rs, Columns columns) throws SQLException {
        ObjectNode row = N.objectNode();
        for (int i = 0; i < columns.names().size(); i++) {
            row.set(columns.names().get(i), value(rs, i + 1, columns.types()[i], columns.typeNames()[i]));
        }
        return row;
    }

    static JsonNode value(ResultSet rs, int i, int type, String typeName) throws SQLException {
        switch (type) {
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? NullNode.getInstance() : N.textNode(t.toInstant().toString());
            }
            case Types.TIMESTAMP: {
                if (typeName != null && typeName.toLowerCase(Locale.ROOT).contains("tz")) {
                    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                    return t == null ? NullNode.getInstance() : N.textNode(t.toInstant().toString());
                }
                Timestamp t = rs.getTimestamp(i, (Calendar) UTC.clone());
                return t == null ? NullNode.getInstance() : N.textNode(t.toInstant().toString());
            }
            case Types.DATE:
            case Types.TIME:
            case Types.TIME_WITH_TIMEZONE: {
                String s = rs.getString(i);
                return s == null ? NullNode.getInstance() : N.textNode(s);
            }
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB: {
                byte[] b = rs.getBytes(i);
                return b == null ? NullNode.getInstance() : N.textNode(Base64.getEncoder().encodeToString(b));
            }
            default:
                break;
        }
        String lower = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (lower.equals("interval")) {
            String text = rs.getString(i);
            return text == null ? NullNode.getInstance() : N.textNode(Intervals.toIso(text));
        }
        Object o = rs.getObject(i);
        if (o == null) {
            return NullNode.getInstance();
        }
        if (lower.equals("json") || lower.equals("jsonb")) {
            try {
                return MAPPER.readTree(o.toString());
            } catch (java.io.IOException e) {
                return N.textNode(o.toString());
            }
        }
        return of(o);
    }

    /** A JDBC value object as JSON. */
    static JsonNode of(Object o) throws SQLException {
        if (o == null) {
            return NullNode.getInstance();
        }
        if (o instanceof Boolean b) {
            return N.booleanNode(b);
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return N.numberNode(((Number) o).longValue());
        }
        if (o instanceof java.math.BigInteger b) {
            return N.numberNode(b);
        }
        if (o instanceof BigDecimal d) {
            return N.numberNode(d);
        }
        if (o instanceof Double || o instanceof Float) {
            return N.numberNode(((Number) o).doubleValue());
        }
        if (o instanceof OffsetDateTime t) {
            return N.textNode(t.toInstant().toString());
        }
        if (o instanceof Timestamp t) {
            return N.textNode(t.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toString());
        }
        if (o instanceof java.time.LocalDateTime t) {
            return N.textNode(t.toInstant(java.time.ZoneOffset.UTC).toString());
        }
        if (o instanceof TemporalAccessor || o instanceof java.util.Date) {
            return N.textNode(o.toString());
        }
        if (o instanceof byte[] b) {
            return N.textNode(Base64.getEncoder().encodeToString(b));
        }
        return container(o);
    }

    /** Arrays, lists, maps, structs and large objects as JSON. */
    private static JsonNode container(Object o) throws SQLException {
        if (o instanceof Array a) {
            return of(a.getArray());
        }
        if (o instanceof Object[] items) {
            ArrayNode arr = N.arrayNode();
            for (Object item : items) {
                arr.add(of(item));
            }
            return arr;
        }
        if (o instanceof List<?> items) {
            ArrayNode arr = N.arrayNode();
            for (Object item : items) {
                arr.add(of(item));
            }
            return arr;
        }
        if (o instanceof org.duckdb.DuckDBStruct s) {
            return of(s.getMap());
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode obj = N.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                obj.set(String.valueOf(e.getKey()), of(e.getValue()));
            }
            return obj;
        }
        if (o instanceof Struct s) {
            return of(s.getAttributes());
        }
        if (o instanceof Clob c) {
            return N.textNode(c.getSubString(1, (int) c.length()));
        }
        if (o instanceof Blob b) {
            return N.textNode(Base64.getEncoder().encodeToString(b.getBytes(1, (int) b.length())));
        }
        return N.textNode(o.toString());
    }

    /** The Kite type of a column of JDBC type {@code type} (and the driver's name for it). */
    static LiteralType kiteType(int type, String typeName, int scale) {
        String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (name.endsWith("[]")) {
            return new CollectionType(kiteType(name.substring(0, name.length() - 2)));
        }
        if (name.startsWith("_") && type == Types.ARRAY) {
            return new CollectionType(kiteType(name.substring(1)));
        }
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> LiteralType.INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> scale == 0 && !name.equals("NUMERIC") ? LiteralType.INTEGER : LiteralType.FLOAT;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> LiteralType.FLOAT;
            case Types.BOOLEAN, Types.BIT -> LiteralType.BOOLEAN;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> LiteralType.DATETIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> LiteralType.BINARY;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.DATE, Types.TIME -> LiteralType.STRING;
            default -> kiteType(name);
        };
    }

    /** The Kite type of a type by name (DuckDB's DESCRIBE, PostgreSQL's array element names). */
    static LiteralType kiteType(String typeName) {
        String n = typeName.toUpperCase(Locale.ROOT).replaceAll("\\(.*\\)", "").strip();
        if (n.endsWith("[]")) {
            return new CollectionType(kiteType(n.substring(0, n.length() - 2)));
        }
        return switch (n) {
            case "BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
                    "UTINYINT", "INT2", "INT4", "INT8", "LONG" -> LiteralType.INTEGER;
            case "DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8", "DECIMAL", "NUMERIC" -> LiteralType.FLOAT;
            case "BOOLEAN", "BOOL", "BIT" -> LiteralType.BOOLEAN;
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "UUID", "DATE", "TIME", "ENUM" -> LiteralType.STRING;
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS",
                    "DATETIME" -> LiteralType.DATETIME;
            case "INTERVAL" -> LiteralType.DURATION;
            case "BLOB", "BYTEA", "VARBINARY", "BINARY" -> LiteralType.BINARY;
            default -> LiteralType.STRUCT;
        };
    }
}
