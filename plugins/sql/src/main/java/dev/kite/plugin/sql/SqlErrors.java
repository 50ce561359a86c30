package dev.kite.plugin.sql;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;

/**
 * How a warehouse's {@link SQLException} becomes a typed error, by SQLState class:
 * <ul>
 *   <li>{@code 08} connection, {@code 53} insufficient resources, {@code 40} serialization failure
 *       or deadlock, {@code 57014} (and {@code 70100}) cancelled by the server, {@code 57P0x} server
 *       shutting down → SYSTEM recoverable;</li>
 *   <li>{@code 42} syntax, undefined object or permission, {@code 22} data exception, {@code 23}
 *       constraint violation, {@code 25} (a write in a read-only transaction), {@code 0A} not
 *       supported → USER non-recoverable, with the warehouse's message and the position in the
 *       task's SQL;</li>
 *   <li>{@code 28} invalid credentials → SYSTEM non-recoverable (the operator's config);</li>
 *   <li>anything else → SYSTEM recoverable.</li>
 * </ul>
 * The code is {@code SQL_<state>}. DuckDB reports no SQLState; its error kinds ("Catalog Error",
 * "Conversion Error", ...) are mapped to the same classes.
 */
final class SqlErrors {

    private static final Pattern PG_POSITION = Pattern.compile("\\n\\s*Position: (\\d+)");
    private static final Pattern DUCK_LINE = Pattern.compile("\\nLINE (\\d+): ([^\\n]*)\\n( *)\\^");

    private SqlErrors() {
    }

    /** The SQLState of {@code e}: the driver's, or inferred from a DuckDB message; "HY000" when unknown. */
    static String state(SQLException e) {
        String s = e.getSQLState();
        if (s != null && s.length() == 5) {
            return s;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Catalog Error") || m.startsWith("Parser Error") || m.startsWith("Binder Error")
                || m.startsWith("Permission Error") || m.startsWith("Syntax Error")) {
            return "42000";
        }
        if (m.startsWith("Conversion Error") || m.startsWith("Invalid Input Error") || m.startsWith("Out of Range Error")
                || m.startsWith("Mismatch Type Error") || m.startsWith("Invalid Type Error")) {
            return "22000";
        }
        if (m.startsWith("Constraint Error")) {
            return "23000";
        }
        if (m.startsWith("INTERRUPT Error")) {
            return "57014";
        }
        if (m.startsWith("Out of Memory Error")) {
            return "53200";
        }
        if (m.startsWith("TransactionContext Error") && m.toLowerCase(Locale.ROOT).contains("conflict")) {
            return "40001";
        }
        if (m.startsWith("IO Error") && (m.contains("No files found") || m.contains("No such file"))) {
            return "58P01";
        }
        if (m.contains("Connection refused") || m.contains("connection attempt failed")) {
            return "08001";
        }
        return "HY000";
    }

    /** USER or SYSTEM, recoverable or not, for a SQLState. */
    static TaskError classify(String state, String message) {
        String cls = state.substring(0, 2);
        String code = "SQL_" + state;
        return switch (cls) {
            case "08", "53", "40" -> TaskError.system(code, message);
            case "57" -> state.equals("57014") || state.startsWith("57P") ? TaskError.system(code, message)
                    : TaskError.user(code, message);
            case "70" -> TaskError.system(code, message); // MariaDB: interrupted (max_statement_time)
            case "42", "22", "23", "25", "0A", "2B", "2D", "44" -> TaskError.user(code, message);
            case "58" -> state.equals("58P01") ? TaskError.user(code, message) : TaskError.system(code, message);
            case "28" -> new TaskError(ErrorKind.SYSTEM, false, code, message);
            default -> TaskError.system(code, message);
        };
    }

    /**
     * The typed error of a failed statement, its message naming the warehouse, the statement and,
     * where the warehouse gives one, the position in the task's SQL.
     */
    static TaskError of(SQLException e, String warehouse, int statement, int statements, SqlStatement.Rendered rendered,
            String sourceSql) {
        String state = state(e);
        String raw = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String where = position(raw, rendered, sourceSql);
        String first = raw.lines().findFirst().orElse(raw).strip();
        String message = "warehouse '" + warehouse + "'" + (statements > 1 ? ", statement " + statement + " of " + statements : "")
                + ": " + excerpt(first) + " (SQLState " + state + ")" + (where == null ? "" : " at " + where + " of config.sql");
        return classify(state, message);
    }

    private static String position(String raw, SqlStatement.Rendered rendered, String sourceSql) {
        if (rendered == null) {
            return null;
        }
        Matcher pg = PG_POSITION.matcher(raw);
        if (pg.find()) {
            return SqlTokenizer.where(sourceSql, rendered.sourceOffset(Integer.parseInt(pg.group(1))));
        }
        Matcher duck = DUCK_LINE.matcher(raw);
        if (duck.find()) {
            int line = Integer.parseInt(duck.group(1));
            int col = duck.group(3).length() - ("LINE " + duck.group(1) + ": ").length();
            int offset = 0;
            String sql = rendered.sql();
            for (int l = 1; l < line && offset >= 0; l++) {
                offset = sql.indexOf('\n', offset) + 1;
            }
            return SqlTokenizer.where(sourceSql, rendered.sourceOffset(Math.max(0, offset) + col + 1));
        }
        return null;
    }

    static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 400 ? one : one.substring(0, 400) + "…";
    }
}
