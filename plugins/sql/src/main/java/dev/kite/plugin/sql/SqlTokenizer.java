package dev.kite.plugin.sql;

import java.util.ArrayList;
import java.util.List;

import dev.kite.model.FieldErrors;

/**
 * Splits SQL text into statements and finds the {@code {{...}}} placeholders in it, knowing what
 * is code and what is not: {@code '...'} strings ({@code ''} inside; {@code E'...'} and, for
 * MariaDB, every string with backslash escapes), {@code "..."} and {@code `...`} identifiers,
 * {@code $tag$ ... $tag$} dollar quotes, {@code --}, {@code #} (MariaDB) and nested
 * {@code /* ... *}{@code /} comments. {@code ::} casts and {@code HH:mm:ss} inside strings are just
 * text. A {@code ;} in code ends a statement.
 *
 * <p>A placeholder inside a string or a quoted identifier is an error (it would be written as
 * text, not bound); one inside a comment stays comment text. A bare {@code ?} in code is an error
 * too: the driver would take it for a parameter.
 */
final class SqlTokenizer {

    /** A piece of one statement: literal SQL text or a placeholder, with its offset in the source. */
    record Segment(boolean placeholder, String text, int offset) {
    }

    /** One statement: its segments, in order. */
    record Statement(List<Segment> segments, int offset) {
    }

    private final String sql;
    private final Dialect dialect;
    private final String path;
    private final FieldErrors errors;
    private final List<Statement> statements = new ArrayList<>();
    private List<Segment> current = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int textStart;
    private int statementStart;
    private boolean hasCode;

    private SqlTokenizer(String sql, Dialect dialect, String path, FieldErrors errors) {
        this.sql = sql;
        this.dialect = dialect;
        this.path = path;
        this.errors = errors;
    }

    /** The statements of {@code sql}, empty ones (only blanks and comments) left out; null after errors. */
    static List<Statement> split(String sql, Dialect dialect, String path, FieldErrors errors) {
        int before = errors.size();
        SqlTokenizer t = new SqlTokenizer(sql, dialect, path, errors);
        t.run();
        return errors.size() == before ? List.copyOf(t.statements) : null;
    }

    private void run() {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                boolean escapes = dialect.backslashEscapes() || i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !identifierChar(sql.charAt(i - 2)));
                end = quoted(i, '\'', escapes, "string");
            } else if (c == '"') {
                end = quoted(i, '"', false, "quoted identifier");
            } else if (c == '`' && dialect == Dialect.MARIADB) {
                end = quoted(i, '`', false, "quoted identifier");
            } else if (c == '$' && dialect.dollarQuotes() && (i == 0 || !identifierChar(sql.charAt(i - 1)))
                    && dollarTag(i) != null) {
                end = dollarQuoted(i);
            } else if (c == '-' && sql.startsWith("--", i) || c == '#' && dialect.hashComments()) {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? n : nl;
                comment(i, end);
                i = end;
                continue;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                end = blockComment(i);
                comment(i, end);
                i = end;
                continue;
            } else if (c == '{' && sql.startsWith("{{", i)) {
                end = placeholder(i);
                if (end < 0) {
                    return;
                }
                i = end;
                continue;
            } else if (c == ';') {
                endStatement(i);
                i++;
                continue;
            } else if (c == '?') {
                errors.add(path, "a bare '?' at " + where(i) + ": Kite binds parameters from placeholders such as"
                        + " {{.inputs.name}}; for PostgreSQL's jsonb ? operators use jsonb_exists() and friends");
                return;
            } else {
                code(i, i + 1);
                i++;
                continue;
            }
            if (end < 0) {
                return;
            }
            code(i, end);
            i = end;
        }
        endStatement(n);
    }

    private void code(int from, int to) {
        if (text.isEmpty()) {
            textStart = from;
        }
        text.append(sql, from, to);
        for (int k = from; k < to; k++) {
            if (!Character.isWhitespace(sql.charAt(k))) {
                hasCode = true;
                break;
            }
        }
    }

    private void comment(int from, int to) {
        if (text.isEmpty()) {
            textStart = from;
        }
        text.append(sql, from, to);
    }

    private void flushText() {
        if (!text.isEmpty()) {
            current.add(new Segment(false, text.toString(), textStart));
            text.setLength(0);
        }
    }

    private void endStatement(int at) {
        flushText();
        if (hasCode) {
            statements.add(new Statement(List.copyOf(current), statementStart));
        }
        current = new ArrayList<>();
        hasCode = false;
        statementStart = at + 1;
    }

    /** The end (exclusive) of a quoted run starting at {@code i}; -1 after an error. */
    private int quoted(int i, char quote, boolean backslash, String what) {
        int j = i + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (backslash && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return checked(i, j + 1, what);
            }
            j++;
        }
        errors.add(path, "unterminated " + what + " starting at " + where(i));
        return -1;
    }

    private String dollarTag(int i) {
        int j = i + 1;
        while (j < sql.length() && identifierChar(sql.charAt(j)) && sql.charAt(j) != '$') {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '$' || j > i + 1 && Character.isDigit(sql.charAt(i + 1))) {
            return null;
        }
        return sql.substring(i, j + 1);
    }

    private int dollarQuoted(int i) {
        String tag = dollarTag(i);
        int close = sql.indexOf(tag, i + tag.length());
        if (close < 0) {
            errors.add(path, "unterminated dollar-quoted string " + tag + " starting at " + where(i));
            return -1;
        }
        return checked(i, close + tag.length(), "dollar-quoted string");
    }

    private int blockComment(int i) {
        int depth = 0;
        int j = i;
        while (j < sql.length()) {
            if (sql.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return sql.length(); // an open comment runs to the end, as the server reads it
    }

    /** {@code end}, or -1 after recording a placeholder inside the quoted run {@code [from, end)}. */
    private int checked(int from, int end, String what) {
        int p = sql.indexOf("{{", from);
        if (p >= 0 && p < end) {
            errors.add(path, "a placeholder inside a " + what + " at " + where(p) + " would be text, not a bound value:"
                    + " write it outside the quotes (a bound value needs no quotes); write {{\"{{\"}} for a literal '{{'");
            return -1;
        }
        return end;
    }

    private int placeholder(int i) {
        int j = i + 2;
        while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
        }
        int from = j < sql.length() && sql.charAt(j) == '"' ? sql.indexOf('"', j + 1) : i + 2;
        int close = from < 0 ? -1 : sql.indexOf("}}", from);
        if (close < 0) {
            errors.add(path, "unclosed placeholder at " + where(i) + ": '{{' without '}}'");
            return -1;
        }
        flushText();
        current.add(new Segment(true, sql.substring(i, close + 2), i));
        hasCode = true;
        return close + 2;
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** "line L, column C" of offset {@code i}. */
    private String where(int i) {
        return SqlTokenizer.where(sql, i);
    }

    static String where(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < offset && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return "line " + line + ", column " + col;
    }
}
