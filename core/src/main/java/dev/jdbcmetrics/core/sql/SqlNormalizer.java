package dev.jdbcmetrics.core.sql;

import static dev.jdbcmetrics.core.sql.SqlLexer.EOF;
import static dev.jdbcmetrics.core.sql.SqlLexer.NUMBER;

/**
 * Turns SQL into a literal-free, bounded text that is the same for every execution of one
 * query shape, and a short fingerprint of that text.
 *
 * <p>{@link #normalize} rules, in one linear pass:
 * <ul>
 *   <li>Literals become {@code ?}: quoted strings (with {@code ''} and backslash escapes,
 *       {@code E'..'}, {@code X'..'}, {@code B'..'}, {@code N'..'}, {@code U&'..'}, MySQL
 *       {@code _charset'..'}), dollar-quoted strings, numbers (decimals, exponents, hex, with a
 *       sign where it can only be one: after {@code (}, {@code ,} or an operator), and
 *       {@code TRUE} and {@code FALSE}. Bind markers {@code ?}, {@code $1} and {@code :name}
 *       become {@code ?}. {@code NULL} stays.</li>
 *   <li>A value written with its type is one literal, so that a query gives the same text
 *       whether a client binds its values or inlines them: typed literals
 *       ({@code DATE '2024-01-31'}, {@code TIME ..}, {@code TIMESTAMP ..}, {@code INTERVAL ..}),
 *       the JDBC escapes {@code {d '..'}}, {@code {t '..'}} and {@code {ts '..'}}, and a cast of
 *       one literal or bind marker ({@code CAST(? AS date)}, {@code CAST('5' AS decimal(10, 2))})
 *       all become {@code ?}.</li>
 *   <li>Double-quoted text is an identifier in PostgreSQL but a string in MySQL, and the
 *       dialect is not known: it is kept only where it can only be a name (next to a
 *       {@code .}, or right after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE},
 *       {@code TABLE}, {@code ONLY} or {@code AS}) and becomes {@code ?} elsewhere.
 *       Back-ticked names are kept. An unterminated quote is a literal running to the end.</li>
 *   <li>A parenthesised group holding only literals and commas becomes {@code (?)}:
 *       {@code IN (?, ?, ?)} gives {@code IN (?)}, {@code f(1, 2)} gives {@code f(?)}. A run of
 *       such groups after {@code VALUES}, or inside an {@code IN (...)}, becomes one:
 *       {@code VALUES (1, 2), (3, 4)} gives {@code VALUES (?)},
 *       {@code IN ((1, 2), (3, 4))} gives {@code IN ((?))}.</li>
 *   <li>Comments (optimizer hints included) are dropped; any run of whitespace and comments
 *       becomes one space, and tokens that touched stay touching. Keywords and names keep
 *       their case.</li>
 *   <li>The result is at most {@value #MAX_LENGTH} characters; longer text is cut and ends
 *       with {@code ...}.</li>
 * </ul>
 * Both methods accept null and never throw.
 */
public final class SqlNormalizer {

    /** Longest normalised text, the {@code ...} of a truncated text included. */
    public static final int MAX_LENGTH = 2048;

    private static final String ELLIPSIS = "...";
    /** Groups nested deeper than this are copied, not collapsed; the state arrays stay tiny. */
    private static final int MAX_TRACKED_GROUPS = 64;

    // The previous token, as far as context rules care.
    private static final int START = 0;
    private static final int LITERAL = 1;
    private static final int NAME = 2;
    private static final int OPEN = 3;
    private static final int CLOSE = 4;
    private static final int COMMA = 5;
    private static final int OPERATOR = 6;
    private static final int DOT = 7;

    // What the previous keyword announces.
    private static final int PLAIN = 0;
    private static final int VALUES = 1;
    private static final int IN = 2;
    private static final int NAME_FOLLOWS = 3;

    // Where a group stands in a CAST(value AS type) that may collapse to one literal.
    private static final byte NOT_CAST = 0;
    private static final byte CAST_VALUE = 1;
    private static final byte CAST_AS = 2;
    private static final byte CAST_TYPE = 3;

    // What a parenthesised group holds so far.
    private static final byte EMPTY = 0;
    private static final byte LITERALS = 1;
    private static final byte MIXED = 2;

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String sql;
    private final SqlLexer lex;
    private final StringBuilder out;

    private final int[] open = new int[MAX_TRACKED_GROUPS];
    private final byte[] content = new byte[MAX_TRACKED_GROUPS];
    private final boolean[] rowsInside = new boolean[MAX_TRACKED_GROUPS];
    private final boolean[] startsRun = new boolean[MAX_TRACKED_GROUPS];
    private final int[] mergeInto = new int[MAX_TRACKED_GROUPS];
    private final byte[] cast = new byte[MAX_TRACKED_GROUPS];
    private final int[] castAt = new int[MAX_TRACKED_GROUPS];
    private final boolean[] castSpaced = new boolean[MAX_TRACKED_GROUPS];
    private final byte[] castOuter = new byte[MAX_TRACKED_GROUPS];
    private int groups;
    private int untrackedGroups;

    private int prev = START;
    private int prevKeyword = PLAIN;
    /** Where a {@code +}/{@code -} that may be a number's sign was written, else -1. */
    private int signAt = -1;
    /** End of the last collapsed row of a VALUES or IN run, and its nesting level. */
    private int runEnd = -1;
    private int runLevel = -1;
    private boolean commaAfterRun;

    // A typed-literal keyword, "{d", or CAST just written: where it starts in the output, whether
    // a space came before it, and what the enclosing group held before it. Set by one token,
    // "armed" for the next one only.
    private int markAt = -1;
    private boolean markSpaced;
    private byte markOuter;
    private boolean markEscape;
    private boolean markCast;
    private int armedAt = -1;
    private boolean armedEscape;
    private boolean armedCast;
    private boolean swallowBrace;
    /** Where the last {@code {} was written, for the JDBC date and time escapes. */
    private int braceAt = -1;
    private boolean braceSpaced;
    private byte braceOuter;

    private SqlNormalizer(String sql) {
        this.sql = sql;
        this.lex = new SqlLexer(sql);
        this.out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH) + 16);
    }

    /**
     * Normalises SQL: literals to {@code ?}, lists collapsed, comments dropped, whitespace
     * collapsed, bounded length (see the class description).
     *
     * @param sql the SQL; may be null
     * @return the normalised text, empty for null or blank SQL
     */
    public static String normalize(String sql) {
        if (sql == null || sql.isEmpty()) {
            return "";
        }
        return new SqlNormalizer(sql).run();
    }

    /**
     * A short, stable id for normalised SQL: the 64-bit FNV-1a hash of its UTF-8 bytes, as 16
     * lower-case hex digits. Lone surrogates hash as {@code ?}, as a UTF-8 encoder writes them.
     *
     * @param normalizedSql the output of {@link #normalize}; null hashes like the empty string
     * @return 16 lower-case hex characters
     */
    public static String fingerprint(String normalizedSql) {
        String s = normalizedSql == null ? "" : normalizedSql;
        long hash = FNV_OFFSET_BASIS;
        for (int i = 0; i < s.length(); i++) {
            int cp = s.charAt(i);
            if (Character.isHighSurrogate((char) cp) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint((char) cp, s.charAt(++i));
            } else if (Character.isSurrogate((char) cp)) {
                cp = '?';
            }
            if (cp < 0x80) {
                hash = fnv(hash, cp);
            } else if (cp < 0x800) {
                hash = fnv(fnv(hash, 0xc0 | cp >> 6), 0x80 | cp & 0x3f);
            } else if (cp < 0x10000) {
                hash = fnv(fnv(fnv(hash, 0xe0 | cp >> 12), 0x80 | cp >> 6 & 0x3f), 0x80 | cp & 0x3f);
            } else {
                hash = fnv(fnv(fnv(fnv(hash, 0xf0 | cp >> 18), 0x80 | cp >> 12 & 0x3f),
                        0x80 | cp >> 6 & 0x3f), 0x80 | cp & 0x3f);
            }
        }
        char[] hex = new char[16];
        for (int i = 15; i >= 0; i--) {
            hex[i] = HEX[(int) (hash & 0xf)];
            hash >>>= 4;
        }
        return new String(hex);
    }

    private static long fnv(long hash, int octet) {
        return (hash ^ octet) * FNV_PRIME;
    }

    private String run() {
        boolean truncated = false;
        while (lex.next() != EOF) {
            if (out.length() > MAX_LENGTH && !insideLiteralGroup()) {
                // everything from here on would be cut anyway
                truncated = true;
                break;
            }
            if (signAt >= 0 && lex.type != NUMBER) { // the + or - was an operator after all
                signAt = -1;
                markMixed();
            }
            armedAt = markAt;
            armedEscape = markEscape;
            armedCast = markCast;
            markAt = -1;
            boolean swallow = swallowBrace;
            swallowBrace = false;
            switch (lex.type) {
                case SqlLexer.STRING -> {
                    if (armedAt >= 0 && !armedCast) {
                        collapseToLiteral(armedAt, markSpaced, markOuter);
                        swallowBrace = armedEscape;
                    } else {
                        literal();
                    }
                }
                case SqlLexer.NUMBER, SqlLexer.PARAM -> literal();
                case SqlLexer.QUOTED -> {
                    if (quotedIsName()) {
                        name(PLAIN);
                    } else {
                        literal();
                    }
                }
                case SqlLexer.WORD -> word();
                default -> {
                    if (!(swallow && lex.first() == '}')) {
                        punct();
                    }
                }
            }
        }
        if (truncated || out.length() > MAX_LENGTH) {
            int cut = MAX_LENGTH - ELLIPSIS.length();
            if (Character.isHighSurrogate(out.charAt(cut - 1))) {
                cut--;
            }
            out.setLength(cut);
            out.append(ELLIPSIS);
        }
        return out.toString();
    }

    /** Whether the innermost open group may still collapse to a short {@code (?)}. */
    private boolean insideLiteralGroup() {
        int top = groups - 1;
        return top >= 0 && untrackedGroups == 0 && content[top] != MIXED && open[top] < MAX_LENGTH;
    }

    private void word() {
        boolean qualified = prev == DOT || lex.end < sql.length() && sql.charAt(lex.end) == '.';
        if (!qualified && (lex.is("TRUE") || lex.is("FALSE"))) {
            literal();
            return;
        }
        int at = out.length();
        byte outer = enclosingContent();
        boolean afterBrace = prev == OPERATOR && braceAt >= 0 && at == braceAt + 1 + (braceSpaced ? 1 : 0);
        name(keyword());
        if (qualified) {
            return;
        }
        if (afterBrace && !lex.spaced && (lex.is("D") || lex.is("T") || lex.is("TS"))) {
            mark(braceAt, braceSpaced, braceOuter, true, false);
        } else if (lex.is("DATE") || lex.is("TIME") || lex.is("TIMESTAMP") || lex.is("INTERVAL")) {
            mark(at, lex.spaced, outer, false, false);
        } else if (lex.is("CAST")) {
            mark(at, lex.spaced, outer, false, true);
        }
    }

    private void mark(int at, boolean spaced, byte outer, boolean escape, boolean isCast) {
        markAt = at;
        markSpaced = spaced;
        markOuter = outer;
        markEscape = escape;
        markCast = isCast;
    }

    /** Replaces the output from {@code at} on (a typed literal or a cast so far) with one {@code ?}. */
    private void collapseToLiteral(int at, boolean spaced, byte outer) {
        out.setLength(at);
        if (spaced && at > 0 && out.charAt(at - 1) != ' ') {
            out.append(' ');
        }
        out.append('?');
        if (groups > 0 && untrackedGroups == 0) {
            content[groups - 1] = outer == MIXED ? MIXED : LITERALS;
            castStep(LITERAL);
        }
        prev = LITERAL;
        prevKeyword = PLAIN;
    }

    private byte enclosingContent() {
        return groups > 0 && untrackedGroups == 0 ? content[groups - 1] : EMPTY;
    }

    /** Advances the innermost group's CAST state by one token of kind {@code kind} (LITERAL, NAME or other). */
    private void castStep(int kind) {
        if (groups == 0 || untrackedGroups > 0) {
            return;
        }
        int g = groups - 1;
        byte state = cast[g];
        if (state == CAST_VALUE && kind == LITERAL) {
            cast[g] = CAST_AS;
        } else if (state == CAST_AS && kind == NAME && lex.is("AS")) {
            cast[g] = CAST_TYPE;
        } else if (!(state == CAST_TYPE && (kind == NAME || kind == OPEN))) {
            cast[g] = NOT_CAST;
        }
    }

    private void literal() {
        castStep(LITERAL);
        if (signAt >= 0) { // "- 5" is one literal
            out.setLength(signAt);
            signAt = -1;
        } else {
            space();
        }
        out.append('?');
        if (groups > 0 && untrackedGroups == 0 && content[groups - 1] == EMPTY) {
            content[groups - 1] = LITERALS;
        }
        prev = LITERAL;
        prevKeyword = PLAIN;
    }

    private void name(int keyword) {
        castStep(NAME);
        space();
        out.append(sql, lex.start, lex.end);
        markMixed();
        prev = NAME;
        prevKeyword = keyword;
    }

    private void punct() {
        char c = lex.first();
        if (c != ')') {
            castStep(c == '(' ? OPEN : OPERATOR);
        }
        if (c == '{') {
            braceAt = out.length();
            braceSpaced = lex.spaced && braceAt > 0 && out.charAt(braceAt - 1) != ' ';
            braceOuter = enclosingContent();
        }
        if (c == '(') {
            space();
            markMixed();
            push();
            out.append('(');
            prev = OPEN;
        } else if (c == ')') {
            pop();
            prev = CLOSE;
        } else if (c == ',') {
            commaAfterRun = prev == CLOSE && out.length() == runEnd && groups == runLevel;
            space();
            out.append(',');
            prev = COMMA;
        } else if ((c == '-' || c == '+') && (prev == START || prev == OPEN || prev == COMMA
                || prev == OPERATOR)) {
            space();
            signAt = out.length();
            out.append(c);
            prev = OPERATOR;
        } else {
            space();
            out.append(sql, lex.start, lex.end);
            markMixed();
            prev = c == '.' ? DOT : c == ']' || c == '}' ? CLOSE : OPERATOR;
        }
        prevKeyword = PLAIN;
    }

    private void push() {
        if (groups == MAX_TRACKED_GROUPS || untrackedGroups > 0) {
            untrackedGroups++;
            return;
        }
        int g = groups++;
        open[g] = out.length();
        content[g] = EMPTY;
        rowsInside[g] = prevKeyword == IN;
        mergeInto[g] = prev == COMMA && commaAfterRun ? runEnd : -1;
        startsRun[g] = prevKeyword == VALUES || prev == OPEN && g > 0 && rowsInside[g - 1];
        cast[g] = armedCast ? CAST_VALUE : NOT_CAST;
        if (armedCast) {
            castAt[g] = armedAt;
            castSpaced[g] = markSpaced;
            castOuter[g] = markOuter;
        }
    }

    private void pop() {
        if (untrackedGroups > 0) {
            untrackedGroups--;
        } else if (groups > 0 && cast[groups - 1] == CAST_TYPE) {
            int g = --groups;
            collapseToLiteral(castAt[g], castSpaced[g], castOuter[g]);
            return;
        } else if (groups > 0 && content[groups - 1] == LITERALS) {
            int g = --groups;
            out.setLength(open[g] + 1);
            out.append("?)");
            if (mergeInto[g] >= 0) {
                // another row of the same run: the run's first "(?)" stands for it
                out.setLength(mergeInto[g]);
            } else if (startsRun[g]) {
                runEnd = out.length();
                runLevel = g;
            }
            return;
        } else if (groups > 0) {
            groups--;
        }
        space();
        out.append(')');
    }

    private void markMixed() {
        if (groups > 0 && untrackedGroups == 0) {
            content[groups - 1] = MIXED;
        }
    }

    private void space() {
        int n = out.length();
        if (lex.spaced && n > 0 && out.charAt(n - 1) != ' ') {
            out.append(' ');
        }
    }

    private boolean quotedIsName() {
        if (!lex.closed) {
            return false;
        }
        if (lex.first() == '`') {
            return true;
        }
        return prev == DOT || prevKeyword == NAME_FOLLOWS
                || lex.end < sql.length() && sql.charAt(lex.end) == '.';
    }

    private int keyword() {
        if (lex.is("VALUES")) {
            return VALUES;
        }
        if (lex.is("IN")) {
            return IN;
        }
        if (lex.is("FROM") || lex.is("JOIN") || lex.is("INTO") || lex.is("UPDATE")
                || lex.is("TABLE") || lex.is("ONLY") || lex.is("AS")) {
            return NAME_FOLLOWS;
        }
        return PLAIN;
    }
}
