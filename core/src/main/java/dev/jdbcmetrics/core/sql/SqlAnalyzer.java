package dev.jdbcmetrics.core.sql;

import static dev.jdbcmetrics.core.sql.SqlAnalysis.NO_TABLE;
import static dev.jdbcmetrics.core.sql.SqlLexer.EOF;
import static dev.jdbcmetrics.core.sql.SqlLexer.PUNCT;
import static dev.jdbcmetrics.core.sql.SqlLexer.QUOTED;
import static dev.jdbcmetrics.core.sql.SqlLexer.WORD;

/**
 * Tells a SQL string's operation and main table, for the {@code operation} and {@code table}
 * labels, without a full parser: one pass of a tokenizer that stops as soon as both are known.
 *
 * <p><b>Operation</b> is the first keyword after comments, leading parentheses and JDBC escape
 * braces ({@code {call p(?)}}, {@code {? = call f(?)}}):
 * <ul>
 *   <li>{@code WITH [RECURSIVE] ...}: the main statement after the CTE list decides, so a
 *       data-modifying CTE in front of a {@code SELECT} is still a select.</li>
 *   <li>{@code merge}: {@code MERGE}, {@code UPSERT}, {@code REPLACE [INTO]},
 *       {@code INSERT ... ON CONFLICT ... DO UPDATE} and {@code INSERT ... ON DUPLICATE KEY
 *       UPDATE}; a plain {@code INSERT} or {@code ON CONFLICT ... DO NOTHING} is an insert.</li>
 *   <li>{@code call}: {@code CALL}, {@code EXEC}, {@code EXECUTE} and the JDBC call escapes.</li>
 *   <li>{@code ddl}: {@code CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE},
 *       {@code RENAME}, {@code COMMENT ON}, {@code GRANT}, {@code REVOKE}.</li>
 *   <li>{@code select}: also {@code VALUES ...} and {@code TABLE t}; {@code SELECT ... INTO t}
 *       stays a select.</li>
 *   <li>{@code other}: everything else ({@code SET}, {@code SHOW}, {@code BEGIN},
 *       {@code EXPLAIN}, {@code COPY}, ...), and null or empty SQL.</li>
 * </ul>
 *
 * <p><b>Table</b> is the main table as written, unquoted and lower-cased with its schema
 * ({@code "Public"."Orders"}, {@code `shop`.`orders`} and {@code [dbo].[orders]} give
 * {@code public.orders}, {@code shop.orders}, {@code dbo.orders}), or {@link SqlAnalysis#NO_TABLE}:
 * <ul>
 *   <li>select: the first item after the top-level {@code FROM}. A derived table
 *       ({@code FROM (SELECT ... FROM orders) x}) gives the derived query's own table, found
 *       the same way; {@code FROM (VALUES ...)}, table functions ({@code generate_series(...)})
 *       and MySQL's {@code dual} give none, as does a select without {@code FROM}. After a
 *       {@code WITH} list the name is taken as written, which may be a CTE's name.</li>
 *   <li>insert, replace, upsert, merge: the {@code INTO} target; update: the {@code UPDATE}
 *       target; delete: the {@code DELETE FROM} target, or for MySQL's multi-table form the
 *       first table named.</li>
 *   <li>call: the procedure name.</li>
 *   <li>ddl: the table for {@code CREATE/ALTER/DROP/TRUNCATE/RENAME TABLE} and
 *       {@code COMMENT ON TABLE}, the view for {@code CREATE/DROP [MATERIALIZED] VIEW}, the
 *       {@code ON} table for {@code CREATE INDEX} (and MySQL's {@code DROP INDEX i ON t});
 *       none for other objects (functions, sequences, schemas, grants).</li>
 * </ul>
 * A name is only accepted when every part is made of letters, digits, {@code _} and
 * {@code $}, is not all digits, and the whole is at most {@value #MAX_TABLE_LENGTH}
 * characters; anything else gives none, so a label can never carry a literal or junk.
 *
 * <p>Never throws; linear in the SQL length. Callers on a hot path put it behind a
 * {@link SqlAnalysisCache}.
 */
public final class SqlAnalyzer {

    /** Longest table name (schema and dots included) reported; longer ones become none. */
    public static final int MAX_TABLE_LENGTH = 128;

    private static final SqlAnalysis[] WITHOUT_TABLE = new SqlAnalysis[SqlOperation.values().length];

    static {
        for (SqlOperation operation : SqlOperation.values()) {
            WITHOUT_TABLE[operation.ordinal()] = new SqlAnalysis(operation, NO_TABLE);
        }
    }

    private final String sql;
    private final SqlLexer lex;
    private final StringBuilder name = new StringBuilder(32);

    private SqlAnalyzer(String sql) {
        this.sql = sql;
        this.lex = new SqlLexer(sql);
    }

    /**
     * Analyses one SQL string.
     *
     * @param sql the SQL as given to the driver; may be null
     * @return its operation and main table; never null
     */
    public static SqlAnalysis analyze(String sql) {
        if (sql == null || sql.isEmpty()) {
            return WITHOUT_TABLE[SqlOperation.OTHER.ordinal()];
        }
        return new SqlAnalyzer(sql).statement();
    }

    private SqlAnalysis statement() {
        lex.next();
        while (lex.isPunct('(') || lex.isPunct('{')) {
            lex.next();
        }
        if (lex.type == SqlLexer.PARAM) { // {? = call f(?)}
            lex.next();
            if (lex.isPunct('=')) {
                lex.next();
            }
        }
        return mainStatement(lex.depth);
    }

    /** Dispatches on the current keyword; {@code depth} is the statement's parenthesis depth. */
    private SqlAnalysis mainStatement(int depth) {
        if (lex.type != WORD) {
            return result(SqlOperation.OTHER, NO_TABLE);
        }
        if (lex.is("SELECT")) {
            return result(SqlOperation.SELECT, selectTable(depth));
        }
        if (lex.is("WITH")) {
            return with(depth);
        }
        if (lex.is("INSERT")) {
            return insert(depth);
        }
        if (lex.is("UPDATE")) {
            lex.next();
            while (lex.is("LOW_PRIORITY") || lex.is("IGNORE") || lex.is("ONLY")) {
                lex.next();
            }
            return result(SqlOperation.UPDATE, name());
        }
        if (lex.is("DELETE")) {
            return result(SqlOperation.DELETE, deleteTable());
        }
        if (lex.is("MERGE") || lex.is("UPSERT") || lex.is("REPLACE")) {
            lex.next();
            while (lex.is("LOW_PRIORITY") || lex.is("DELAYED") || lex.is("INTO")) {
                lex.next();
            }
            return result(SqlOperation.MERGE, name());
        }
        if (lex.is("CALL") || lex.is("EXEC") || lex.is("EXECUTE")) {
            lex.next();
            return result(SqlOperation.CALL, name());
        }
        if (lex.is("VALUES")) {
            return result(SqlOperation.SELECT, NO_TABLE);
        }
        if (lex.is("TABLE")) {
            lex.next();
            skipOnly();
            return result(SqlOperation.SELECT, name());
        }
        return ddlOrOther(depth);
    }

    private SqlAnalysis ddlOrOther(int depth) {
        if (lex.is("CREATE")) {
            lex.next();
            while (lex.is("OR") || lex.is("REPLACE") || lex.is("GLOBAL") || lex.is("LOCAL")
                    || lex.is("TEMP") || lex.is("TEMPORARY") || lex.is("UNLOGGED")
                    || lex.is("UNIQUE") || lex.is("FOREIGN") || lex.is("MATERIALIZED")) {
                lex.next();
            }
            return result(SqlOperation.DDL, ddlObject(depth));
        }
        if (lex.is("DROP")) {
            lex.next();
            while (lex.is("TEMPORARY") || lex.is("MATERIALIZED")) {
                lex.next();
            }
            return result(SqlOperation.DDL, ddlObject(depth));
        }
        if (lex.is("ALTER") || lex.is("RENAME")) {
            lex.next();
            return result(SqlOperation.DDL, lex.is("TABLE") ? ddlObject(depth) : NO_TABLE);
        }
        if (lex.is("TRUNCATE")) {
            lex.next();
            if (lex.is("TABLE")) {
                lex.next();
            }
            skipOnly();
            return result(SqlOperation.DDL, name());
        }
        if (lex.is("COMMENT")) {
            lex.next();
            if (!lex.is("ON")) {
                return result(SqlOperation.OTHER, NO_TABLE);
            }
            lex.next();
            return result(SqlOperation.DDL, lex.is("TABLE") ? ddlObject(depth) : NO_TABLE);
        }
        if (lex.is("GRANT") || lex.is("REVOKE")) {
            return result(SqlOperation.DDL, NO_TABLE);
        }
        return result(SqlOperation.OTHER, NO_TABLE);
    }

    /** At the object kind of a DDL statement: the table or view it names, the table an index is on, else none. */
    private String ddlObject(int depth) {
        if (lex.is("TABLE") || lex.is("VIEW")) {
            lex.next();
            while (lex.is("IF") || lex.is("NOT") || lex.is("EXISTS")) {
                lex.next();
            }
            skipOnly();
            return name();
        }
        if (lex.is("INDEX")) {
            while (lex.next() != EOF && !lex.isPunct('(') && !lex.isPunct(';')) {
                if (lex.depth == depth && lex.is("ON")) {
                    lex.next();
                    skipOnly();
                    return name();
                }
            }
        }
        return NO_TABLE;
    }

    private SqlAnalysis with(int depth) {
        // Skip the CTE list (names, column lists, AS, [NOT] MATERIALIZED, bodies in parentheses,
        // SEARCH/CYCLE clauses): the first main-statement keyword at the statement's own depth
        // starts the statement that decides.
        while (lex.next() != EOF) {
            if (lex.depth != depth) {
                continue;
            }
            if (lex.isPunct(';')) {
                break;
            }
            if (lex.is("SELECT") || lex.is("INSERT") || lex.is("UPDATE") || lex.is("DELETE")
                    || lex.is("MERGE") || lex.is("VALUES") || lex.is("TABLE")) {
                return mainStatement(depth);
            }
        }
        return result(SqlOperation.OTHER, NO_TABLE);
    }

    private SqlAnalysis insert(int depth) {
        lex.next();
        while (lex.is("LOW_PRIORITY") || lex.is("DELAYED") || lex.is("HIGH_PRIORITY")
                || lex.is("IGNORE") || lex.is("INTO")) {
            lex.next();
        }
        String table = name();
        return result(upsertClause(depth), table);
    }

    /** Scans the rest of an INSERT for ON CONFLICT ... DO UPDATE or ON DUPLICATE KEY UPDATE. */
    private SqlOperation upsertClause(int depth) {
        for (; lex.type != EOF; lex.next()) {
            if (lex.depth != depth) {
                continue;
            }
            if (lex.isPunct(';')) {
                break;
            }
            if (lex.is("ON")) {
                lex.next();
                if (lex.is("DUPLICATE")) {
                    return SqlOperation.MERGE;
                }
                if (lex.is("CONFLICT")) {
                    return conflictAction(depth);
                }
            }
        }
        return SqlOperation.INSERT;
    }

    private SqlOperation conflictAction(int depth) {
        while (lex.next() != EOF) {
            if (lex.depth == depth && lex.is("DO")) {
                lex.next();
                return lex.is("UPDATE") ? SqlOperation.MERGE : SqlOperation.INSERT;
            }
        }
        return SqlOperation.INSERT;
    }

    private String deleteTable() {
        lex.next();
        while (lex.is("LOW_PRIORITY") || lex.is("QUICK") || lex.is("IGNORE")) {
            lex.next();
        }
        if (lex.is("FROM")) {
            lex.next();
            skipOnly();
        }
        return name();
    }

    /** At a SELECT: the table of its first FROM item at the same depth. */
    private String selectTable(int depth) {
        if (!findFrom(depth)) {
            return NO_TABLE;
        }
        lex.next();
        while (true) {
            if (lex.is("ONLY") || lex.is("LATERAL")) {
                lex.next();
            } else if (lex.isPunct('{')) { // {oj a LEFT OUTER JOIN b ON ...}
                lex.next();
                if (lex.is("OJ")) {
                    lex.next();
                }
            } else if (lex.isPunct('(')) {
                int inner = lex.depth;
                lex.next();
                // a derived table: continue with its own first FROM item (iterative, so deep
                // nesting cannot overflow the stack); otherwise a parenthesised join
                if (lex.is("SELECT") && !findFrom(inner)) {
                    return NO_TABLE;
                }
                if (lex.is("FROM")) {
                    lex.next();
                }
            } else {
                break;
            }
        }
        if (lex.is("VALUES") || lex.is("SELECT") || lex.is("WITH")) {
            return NO_TABLE;
        }
        String table = name();
        if (lex.isPunct('(') || table.equals("dual")) { // a table function, or MySQL's dummy table
            return NO_TABLE;
        }
        return table;
    }

    /** Advances to a FROM keyword at {@code depth}; false if the query at that depth ends first. */
    private boolean findFrom(int depth) {
        while (lex.next() != EOF) {
            int d = lex.depth;
            if (d < depth) {
                return false;
            }
            if (d == depth) {
                if (lex.is("FROM")) {
                    return true;
                }
                if (lex.isPunct(';')) {
                    return false;
                }
            }
        }
        return false;
    }

    private void skipOnly() {
        if (lex.is("ONLY")) {
            lex.next();
        }
    }

    /**
     * Reads a possibly qualified name at the current token and leaves the lexer on the token
     * after it. Returns none when a part is not a plain identifier or the name is too long.
     */
    private String name() {
        StringBuilder sb = name;
        sb.setLength(0);
        while (true) {
            if (!part(sb)) {
                return NO_TABLE;
            }
            lex.next();
            if (!lex.isPunct('.')) {
                break;
            }
            lex.next();
            if (lex.isPunct('*')) { // DELETE t.* FROM ...
                lex.next();
                break;
            }
            sb.append('.');
        }
        return sb.toString();
    }

    private boolean part(StringBuilder sb) {
        if (lex.type == WORD) {
            return appendIdentifier(sb, lex.start, lex.end);
        }
        if (lex.type == QUOTED) {
            return lex.closed && appendIdentifier(sb, lex.start + 1, lex.end - 1);
        }
        if (lex.type == PUNCT && lex.first() == '[') {
            int close = lex.bracketEnd(MAX_TABLE_LENGTH);
            if (close < 0 || !appendIdentifier(sb, lex.end, close)) {
                return false;
            }
            lex.resumeAt(close + 1);
            return true;
        }
        return false;
    }

    private boolean appendIdentifier(StringBuilder sb, int from, int to) {
        if (to <= from || sb.length() + to - from > MAX_TABLE_LENGTH) {
            return false;
        }
        boolean allDigits = true;
        for (int i = from; i < to; i++) {
            char c = sql.charAt(i);
            if (!SqlLexer.isIdentifierPart(c)) {
                return false;
            }
            allDigits &= SqlLexer.isDigit(c);
            sb.append(Character.toLowerCase(c));
        }
        return !allDigits;
    }

    private static SqlAnalysis result(SqlOperation operation, String table) {
        return NO_TABLE.equals(table) ? WITHOUT_TABLE[operation.ordinal()] : new SqlAnalysis(operation, table);
    }
}
