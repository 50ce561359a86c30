package dev.kite.plugin.sql;

import java.util.Locale;

/**
 * What Kite needs to know of a warehouse's SQL, chosen by its JDBC URL: how its text is tokenized,
 * how identifiers are quoted and which values its driver binds natively. Any other driver gets
 * {@link #GENERIC}: standard SQL quoting, dollar quotes allowed, the identifier quote the driver
 * reports.
 */
enum Dialect {
    DUCKDB("\"", true, false, false, true),
    POSTGRESQL("\"", true, false, false, true),
    MARIADB("`", false, true, true, false),
    GENERIC("\"", true, false, false, true);

    private final String identifierQuote;
    private final boolean dollarQuotes;
    private final boolean backslashEscapes;
    private final boolean hashComments;
    private final boolean arrays;

    Dialect(String identifierQuote, boolean dollarQuotes, boolean backslashEscapes, boolean hashComments, boolean arrays) {
        this.identifierQuote = identifierQuote;
        this.dollarQuotes = dollarQuotes;
        this.backslashEscapes = backslashEscapes;
        this.hashComments = hashComments;
        this.arrays = arrays;
    }

    static Dialect of(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:duckdb:")) {
            return DUCKDB;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        return GENERIC;
    }

    /** The identifier quote to use when the driver reports none. */
    String identifierQuote() {
        return identifierQuote;
    }

    /** Whether {@code $tag$ ... $tag$} is a string. */
    boolean dollarQuotes() {
        return dollarQuotes;
    }

    /** Whether a backslash escapes the next character in every {@code '...'} string (MySQL's default). */
    boolean backslashEscapes() {
        return backslashEscapes;
    }

    /** Whether {@code #} starts a comment to the end of the line. */
    boolean hashComments() {
        return hashComments;
    }

    /** Whether collections are bound as SQL arrays ({@code createArrayOf}); otherwise as JSON text. */
    boolean arrays() {
        return arrays;
    }

    /** {@code name} as one quoted identifier: the quote doubled inside, NUL refused. */
    static String quote(String name, String quote) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name.isEmpty() ? "an identifier cannot be empty"
                    : "an identifier cannot contain NUL");
        }
        return quote + name.replace(quote, quote + quote) + quote;
    }
}
