package dev.kite.plugin.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kite.model.BlobType;
import dev.kite.model.CollectionType;
import dev.kite.model.DatasetType;
import dev.kite.model.EnumType;
import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.MapType;
import dev.kite.model.SimpleType;
import dev.kite.model.Templates;
import dev.kite.model.TypedInterface;
import dev.kite.model.UnionType;

/**
 * One statement, compiled when its task is registered: SQL text, parameters (each a placeholder of
 * the one template syntax, {@code {{.inputs.x}}}, sent as a {@code ?} and bound with its declared
 * type) and identifiers ({@code {{.ident.x}}}: a string input written as a quoted identifier with
 * the driver's identifier quote). No input value is ever written into the text otherwise.
 */
final class SqlStatement {

    /** The root of identifier placeholders: {@code {{.ident.table}}}. */
    static final String IDENT = "ident";

    private sealed interface Piece permits Text, Param, Ident {
        int offset();
    }

    private record Text(String text, int offset) implements Piece {
    }

    private record Param(Templates.Template template, LiteralType type, int offset) implements Piece {
    }

    private record Ident(Templates.Template template, int offset) implements Piece {
    }

    /** A value to bind: the JSON value, its declared type (null when unknown) and its placeholder. */
    record Bound(JsonNode value, LiteralType type, String source) {
    }

    /**
     * The text sent to the warehouse and its parameters, with the map from offsets in that text to
     * offsets in the task's SQL (for error positions).
     */
    record Rendered(String sql, List<Bound> params, int[] renderedStarts, int[] sourceStarts) {

        /** The offset in the task's SQL of the 1-based position {@code position} in {@link #sql}. */
        int sourceOffset(int position) {
            int p = Math.max(0, position - 1);
            int k = 0;
            for (int i = 0; i < renderedStarts.length; i++) {
                if (renderedStarts[i] <= p) {
                    k = i;
                }
            }
            return renderedStarts.length == 0 ? p : sourceStarts[k] + (p - renderedStarts[k]);
        }
    }

    private final List<Piece> pieces;
    private final int offset;

    private SqlStatement(List<Piece> pieces, int offset) {
        this.pieces = pieces;
        this.offset = offset;
    }

    /** Where the statement starts in the task's SQL. */
    int offset() {
        return offset;
    }

    /** Whether the statement has any bound parameter. */
    boolean hasParameters() {
        return pieces.stream().anyMatch(p -> p instanceof Param);
    }

    /** Compiles every statement of {@code sql}; null after recording errors under {@code path}. */
    static List<SqlStatement> compile(String sql, Dialect dialect, TypedInterface iface, String path, FieldErrors errors) {
        List<SqlTokenizer.Statement> raw = SqlTokenizer.split(sql, dialect, path, errors);
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty()) {
            errors.add(path, "no SQL statement");
            return null;
        }
        Templates.Scope params = Templates.Scope.inputs(iface);
        Map<String, LiteralType> names = new TreeMap<>();
        iface.inputs().forEach((name, v) -> {
            if (isText(v.type())) {
                names.put(name, v.type());
            }
        });
        Templates.Scope idents = Templates.Scope.empty().with(IDENT, "string input", names);
        int before = errors.size();
        List<SqlStatement> out = new ArrayList<>();
        for (SqlTokenizer.Statement s : raw) {
            List<Piece> pieces = new ArrayList<>();
            for (SqlTokenizer.Segment seg : s.segments()) {
                if (!seg.placeholder()) {
                    pieces.add(new Text(seg.text(), seg.offset()));
                    continue;
                }
                String inner = seg.text().substring(2, seg.text().length() - 2).strip();
                FieldErrors local = new FieldErrors();
                Piece piece = placeholder(seg, inner, iface, params, idents, local);
                local.list().forEach(e -> errors.add(path, SqlTokenizer.where(sql, seg.offset()) + ": " + e.message()));
                if (piece != null) {
                    pieces.add(piece);
                }
            }
            out.add(new SqlStatement(List.copyOf(pieces), s.offset()));
        }
        return errors.size() == before ? List.copyOf(out) : null;
    }

    private static Piece placeholder(SqlTokenizer.Segment seg, String inner, TypedInterface iface, Templates.Scope params,
            Templates.Scope idents, FieldErrors errors) {
        if (inner.startsWith("\"")) {
            Templates.Template t = Templates.parse(seg.text(), Templates.Scope.empty(), "", errors);
            return t == null ? null : new Text(t.render(Map.of(), Templates.TEXT), seg.offset());
        }
        if (inner.startsWith("." + IDENT + ".") || inner.equals("." + IDENT)) {
            Templates.Template t = Templates.parse(seg.text(), idents, "", errors);
            return t == null ? null : new Ident(t, seg.offset());
        }
        Templates.Template t = Templates.parse(seg.text(), params, "", errors);
        return t == null ? null : new Param(t, typeOf(inner, iface), seg.offset());
    }

    private static boolean isText(LiteralType type) {
        return type instanceof EnumType || type instanceof SimpleType s && s.kind() == SimpleType.Kind.STRING;
    }

    /**
     * The declared type of the value a checked placeholder such as {@code .inputs.a[0].b} reads, or
     * null where the interface does not say (a struct's field).
     */
    static LiteralType typeOf(String inner, TypedInterface iface) {
        String[] reads = inner.replace("[", ".[").split("\\.");
        // reads: "", "inputs", name, then fields or [n]
        LiteralType type = iface.inputs().get(reads[2]).type();
        for (int i = 3; i < reads.length && type != null; i++) {
            String read = reads[i];
            if (type instanceof UnionType u) {
                type = u.variants().stream().filter(v -> !(v instanceof SimpleType s && s.kind() == SimpleType.Kind.NONE))
                        .findFirst().orElse(null);
            }
            if (type instanceof CollectionType c && read.startsWith("[")) {
                type = c.element();
            } else if (type instanceof MapType m) {
                type = m.value();
            } else if (type instanceof BlobType || type instanceof DatasetType) {
                type = LiteralType.STRING;
            } else {
                type = null;
            }
        }
        return type;
    }

    /**
     * The statement for one attempt: parameters as {@code ?}, identifiers quoted with
     * {@code identifierQuote}.
     *
     * @throws IllegalArgumentException when an identifier value cannot be an identifier (empty, NUL)
     */
    Rendered render(Map<String, ? extends JsonNode> data, String identifierQuote) {
        StringBuilder sb = new StringBuilder();
        List<Bound> params = new ArrayList<>();
        int[] rendered = new int[pieces.size()];
        int[] source = new int[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            rendered[i] = sb.length();
            source[i] = p.offset();
            if (p instanceof Text t) {
                sb.append(t.text());
            } else if (p instanceof Param param) {
                sb.append('?');
                params.add(new Bound(param.template().value(data), param.type(), param.template().source()));
            } else {
                Ident id = (Ident) p;
                String name = id.template().render(Map.of(IDENT, data.get("inputs")), Templates.TEXT);
                try {
                    sb.append(Dialect.quote(name, identifierQuote));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(id.template().source() + ": " + e.getMessage(), e);
                }
            }
        }
        return new Rendered(sb.toString(), List.copyOf(params), rendered, source);
    }
}
