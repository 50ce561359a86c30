package dev.kite.plugin.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kite.model.FieldErrors;

/** Statements and placeholders are found in code only: strings, dollar quotes, comments and casts are understood. */
class TokenizerTest {

    private static List<String> placeholders(String sql, Dialect d) {
        FieldErrors errors = new FieldErrors();
        List<SqlTokenizer.Statement> s = SqlTokenizer.split(sql, d, "config.sql", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return s.stream().flatMap(st -> st.segments().stream()).filter(SqlTokenizer.Segment::placeholder)
                .map(SqlTokenizer.Segment::text).toList();
    }

    private static int statements(String sql, Dialect d) {
        FieldErrors errors = new FieldErrors();
        List<SqlTokenizer.Statement> s = SqlTokenizer.split(sql, d, "config.sql", errors);
        assertTrue(errors.isEmpty(), errors::toString);
        return s.size();
    }

    private static String error(String sql, Dialect d) {
        FieldErrors errors = new FieldErrors();
        assertNull(SqlTokenizer.split(sql, d, "config.sql", errors));
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("config.sql", errors.list().get(0).path());
        return errors.list().get(0).message();
    }

    @Test
    void castsAndTimesInStringsAreNotPlaceholders() {
        String sql = "select to_char(now(), 'HH:mm:ss') as t, {{.inputs.n}}::int + 1 as n, x::text, '{}'::jsonb, ':name'"
                + " from t where a = {{ .inputs.a }}";
        assertEquals(List.of("{{.inputs.n}}", "{{ .inputs.a }}"), placeholders(sql, Dialect.POSTGRESQL));
    }

    @Test
    void semicolonsInStringsCommentsAndDollarQuotesDoNotSplit() {
        String sql = """
                create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql;
                -- a comment; with a semicolon and {{.inputs.ignored}}
                select 'a;b', "we;ird", $$ x; y $$, E'it\\'s; here' /* c; /* nested; */ still; */ ;
                ;;
                select 2
                """;
        assertEquals(3, statements(sql, Dialect.POSTGRESQL));
        assertEquals(List.of(), placeholders(sql, Dialect.POSTGRESQL));
    }

    @Test
    void mariadbBackslashesBackticksAndHashComments() {
        String sql = "select 'it\\'s; fine', `we``ird;` # comment; here\n; select {{.inputs.x}}";
        assertEquals(2, statements(sql, Dialect.MARIADB));
        assertEquals(List.of("{{.inputs.x}}"), placeholders(sql, Dialect.MARIADB));
        // in PostgreSQL a backslash is no escape and # is an operator
        assertEquals(1, statements("select 'a\\', 2 # 3", Dialect.POSTGRESQL));
    }

    @Test
    void positionalDollarParametersAreNotDollarQuotes() {
        assertEquals(2, statements("select $1, $2; select a$b$ from t", Dialect.POSTGRESQL));
    }

    @Test
    void placeholdersInsideQuotesAreRefused() {
        assertTrue(error("select * from t where name = '{{.inputs.name}}'", Dialect.POSTGRESQL)
                .startsWith("a placeholder inside a string at line 1, column 31 would be text, not a bound value"));
        assertTrue(error("select $$ {{.inputs.x}} $$", Dialect.DUCKDB).contains("inside a dollar-quoted string"));
        assertTrue(error("select \"{{.inputs.x}}\"", Dialect.DUCKDB).contains("inside a quoted identifier"));
    }

    @Test
    void bareQuestionMarksAndUnterminatedTextAreRefused() {
        assertTrue(error("select data ? 'k' from t", Dialect.POSTGRESQL).startsWith("a bare '?' at line 1, column 13"));
        assertEquals("unterminated string starting at line 2, column 7", error("select\nwhere '1", Dialect.POSTGRESQL));
        assertTrue(error("select $a$ x", Dialect.POSTGRESQL).startsWith("unterminated dollar-quoted string $a$"));
        assertTrue(error("select {{.inputs.x", Dialect.POSTGRESQL).startsWith("unclosed placeholder"));
        // a ? inside a string is text
        assertEquals(1, statements("select 'why?'", Dialect.POSTGRESQL));
    }
}
