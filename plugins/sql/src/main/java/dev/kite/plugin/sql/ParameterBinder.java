package dev.kite.plugin.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.BlobType;
import dev.kite.model.Canonical;
import dev.kite.model.CollectionType;
import dev.kite.model.DatasetType;
import dev.kite.model.EnumType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.SimpleType;
import dev.kite.model.UnionType;
import dev.kite.model.Values;

/**
 * Binds canonical input values to {@code ?} parameters by their declared type: {@code integer} as a
 * long, {@code float} as a double, {@code string}/{@code enum} as text, {@code boolean},
 * {@code datetime} as a UTC timestamp, {@code duration} as ISO-8601 text (PostgreSQL infers an
 * {@code interval}; for DuckDB the text {@code "<n> microseconds"}, which casts to {@code INTERVAL}), {@code binary} as bytes, {@code collection} as an SQL array where the driver has
 * them (JSON text otherwise), {@code struct}/{@code map} as JSON text, a whole {@code blob} or
 * {@code dataset} reference as the local path of its file, and null as SQL NULL.
 */
final class ParameterBinder {

    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    private final Connection connection;
    private final Dialect dialect;
    private final Function<JsonNode, String> referencePath;

    /**
     * @param referencePath the local file of a blob or dataset reference (downloaded if needed)
     */
    ParameterBinder(Connection connection, Dialect dialect, Function<JsonNode, String> referencePath) {
        this.connection = connection;
        this.dialect = dialect;
        this.referencePath = referencePath;
    }

    void bind(PreparedStatement ps, List<SqlStatement.Bound> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            SqlStatement.Bound b = params.get(i);
            bind(ps, i + 1, b.value(), b.type());
        }
    }

    private void bind(PreparedStatement ps, int index, JsonNode value, LiteralType type) throws SQLException {
        if (value == null || value.isNull()) {
            ps.setNull(index, Types.NULL);
            return;
        }
        LiteralType t = type instanceof UnionType u ? variantOf(u, value) : type;
        if (t instanceof SimpleType s) {
            bindSimple(ps, index, value, s.kind());
        } else if (t instanceof EnumType) {
            ps.setString(index, value.textValue());
        } else if (t instanceof CollectionType c) {
            bindCollection(ps, index, value, c.element());
        } else if (t instanceof BlobType || t instanceof DatasetType) {
            ps.setString(index, referencePath.apply(value));
        } else if (t == null) {
            bindByKind(ps, index, value);
        } else {
            json(ps, index, value); // map
        }
    }

    private static LiteralType variantOf(UnionType u, JsonNode value) {
        for (LiteralType v : u.variants()) {
            FieldErrors scratch = new FieldErrors();
            Values.coerce(v, value, "", scratch);
            if (scratch.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private void bindSimple(PreparedStatement ps, int index, JsonNode value, SimpleType.Kind kind) throws SQLException {
        switch (kind) {
            case INTEGER -> ps.setLong(index, value.longValue());
            case FLOAT -> ps.setDouble(index, value.doubleValue());
            case STRING -> ps.setString(index, value.textValue());
            case BOOLEAN -> ps.setBoolean(index, value.booleanValue());
            case DATETIME -> bindInstant(ps, index, Instant.parse(value.textValue()));
            case DURATION -> {
                if (dialect == Dialect.POSTGRESQL) {
                    ps.setObject(index, value.textValue(), Types.OTHER);
                } else if (dialect == Dialect.DUCKDB) {
                    // DuckDB reads no ISO-8601 interval text; microseconds cast to INTERVAL exactly
                    ps.setString(index, micros(java.time.Duration.parse(value.textValue())) + " microseconds");
                } else {
                    ps.setString(index, value.textValue());
                }
            }
            case BINARY -> ps.setBytes(index, Base64.getDecoder().decode(value.textValue()));
            case STRUCT -> json(ps, index, value);
            case NONE -> ps.setNull(index, Types.NULL);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static long micros(java.time.Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
    }

    private void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (dialect == Dialect.POSTGRESQL || dialect == Dialect.DUCKDB) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else {
            ps.setTimestamp(index, Timestamp.from(instant), (Calendar) UTC.clone());
        }
    }

    private void bindByKind(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (value.isIntegralNumber()) {
            ps.setLong(index, value.longValue());
        } else if (value.isNumber()) {
            ps.setDouble(index, value.doubleValue());
        } else if (value.isBoolean()) {
            ps.setBoolean(index, value.booleanValue());
        } else if (value.isTextual()) {
            ps.setString(index, value.textValue());
        } else {
            json(ps, index, value);
        }
    }

    private void json(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            ps.setObject(index, Canonical.json(value), Types.OTHER);
        } else {
            ps.setString(index, Canonical.json(value));
        }
    }

    private void bindCollection(PreparedStatement ps, int index, JsonNode value, LiteralType element) throws SQLException {
        String sqlType = arrayElementType(element);
        if (!dialect.arrays() || sqlType == null) {
            json(ps, index, value);
            return;
        }
        List<Object> items = new ArrayList<>();
        for (JsonNode v : value) {
            items.add(javaValue(v, element));
        }
        Array array = connection.createArrayOf(sqlType, items.toArray());
        ps.setArray(index, array);
    }

    /** The SQL element type of an array of {@code element}, or null when it is bound as JSON. */
    private String arrayElementType(LiteralType element) {
        if (element instanceof EnumType) {
            return dialect == Dialect.POSTGRESQL ? "text" : "VARCHAR";
        }
        if (!(element instanceof SimpleType s)) {
            return null;
        }
        boolean pg = dialect == Dialect.POSTGRESQL;
        return switch (s.kind()) {
            case INTEGER -> pg ? "int8" : "BIGINT";
            case FLOAT -> pg ? "float8" : "DOUBLE";
            case STRING -> pg ? "text" : "VARCHAR";
            case BOOLEAN -> pg ? "bool" : "BOOLEAN";
            default -> null;
        };
    }

    private static Object javaValue(JsonNode v, LiteralType element) {
        if (v == null || v.isNull()) {
            return null;
        }
        SimpleType.Kind kind = element instanceof SimpleType s ? s.kind() : SimpleType.Kind.STRING;
        return switch (kind) {
            case INTEGER -> v.longValue();
            case FLOAT -> v.doubleValue();
            case BOOLEAN -> v.booleanValue();
            default -> v.textValue();
        };
    }
}
