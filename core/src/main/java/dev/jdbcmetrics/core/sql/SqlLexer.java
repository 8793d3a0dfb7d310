package dev.jdbcmetrics.core.sql;

/**
 * A single-pass SQL tokenizer shared by {@link SqlAnalyzer} and {@link SqlNormalizer}. Not
 * public API.
 *
 * <p>It never allocates per token: the current token is described by {@link #type},
 * {@link #start} and {@link #end} (indexes into the SQL string). Every character is looked at a
 * bounded number of times, so a pass is linear in the SQL length, and unterminated quotes or
 * comments simply run to the end of the string.
 *
 * <p>The dialect is not known, so the rules take the reading that keeps literals out of
 * identifiers: comments are {@code --} (always), {@code /* *}{@code /} (nested, as PostgreSQL
 * allows) and MySQL's {@code #} (unless followed by {@code >} or {@code -}, PostgreSQL's
 * {@code #>} JSON operators); single- and double-quoted text honours both doubled quotes and
 * MySQL's backslash escapes.
 */
final class SqlLexer {

    static final int EOF = 0;
    /** An unquoted identifier or keyword. */
    static final int WORD = 1;
    /** A double-quoted or back-ticked token: an identifier, or a string in MySQL's reading of double quotes. */
    static final int QUOTED = 2;
    /** A string literal: {@code '...'}, {@code E'...'}, {@code X'...'}, {@code $$...$$}, {@code $tag$...$tag$}. */
    static final int STRING = 3;
    static final int NUMBER = 4;
    /** A bind marker: {@code ?}, {@code $1} or {@code :name}. */
    static final int PARAM = 5;
    /** One character of punctuation or operator, or {@code ::}. */
    static final int PUNCT = 6;

    /** Longer dollar-quote tags are not real ones; the rest of the SQL is then taken as the literal. */
    private static final int MAX_DOLLAR_TAG = 64;

    private final String sql;
    private final int length;
    private int pos;

    /** The current token's kind, one of the constants above. */
    int type;
    /** The current token's first character (inclusive). */
    int start;
    /** The current token's end (exclusive). */
    int end;
    /** Whether whitespace or a comment came before the current token. */
    boolean spaced;
    /** For {@link #QUOTED}: whether the closing quote was found. */
    boolean closed;
    /** Parenthesis depth after the current token (a {@code (} token already counts). */
    int depth;

    SqlLexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /** Moves to the next token and returns its type. */
    int next() {
        spaced = skipSpaceAndComments();
        start = pos;
        closed = true;
        if (pos >= length) {
            type = EOF;
            end = pos;
            return EOF;
        }
        char c = sql.charAt(pos);
        if (c == '\'') {
            type = STRING;
            pos = skipQuoted(pos + 1, '\'', true);
        } else if (c == '"' || c == '`') {
            type = QUOTED;
            pos = skipQuoted(pos + 1, c, c == '"');
        } else if (isDigit(c) || (c == '.' && pos + 1 < length && isDigit(sql.charAt(pos + 1))
                && !afterIdentifier())) {
            type = NUMBER;
            pos = skipNumber(pos);
        } else if (isIdentifierStart(c)) {
            lexWord();
        } else if (c == '$') {
            lexDollar();
        } else if (c == '?') {
            type = PARAM;
            pos++;
        } else if (c == ':') {
            lexColon();
        } else {
            type = PUNCT;
            pos++;
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        end = pos;
        return type;
    }

    /** Whether the current token is the given keyword (ASCII upper case), in any case. */
    boolean is(String keyword) {
        int n = keyword.length();
        return type == WORD && end - start == n && sql.regionMatches(true, start, keyword, 0, n);
    }

    /** Whether the current token is the given single punctuation character. */
    boolean isPunct(char c) {
        return type == PUNCT && end - start == 1 && sql.charAt(start) == c;
    }

    /** The first character of the current token. */
    char first() {
        return sql.charAt(start);
    }

    /**
     * For a {@code [} token: the index of the matching {@code ]} within {@code maxLength}
     * characters, or -1. Used to read SQL Server style {@code [dbo].[orders]} names.
     */
    int bracketEnd(int maxLength) {
        int limit = Math.min(length, pos + maxLength + 1);
        for (int i = pos; i < limit; i++) {
            if (sql.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    /** Continues lexing at {@code index} (only ever forwards, after {@link #bracketEnd}). */
    void resumeAt(int index) {
        pos = index;
    }

    private boolean skipSpaceAndComments() {
        int from = pos;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c <= ' ' || Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < length && sql.charAt(pos + 1) == '-') {
                skipLine();
            } else if (c == '#' && !(pos + 1 < length && isJsonOperatorTail(sql.charAt(pos + 1)))) {
                skipLine();
            } else if (c == '/' && pos + 1 < length && sql.charAt(pos + 1) == '*') {
                skipBlockComment();
            } else {
                break;
            }
        }
        return pos > from;
    }

    private static boolean isJsonOperatorTail(char c) {
        return c == '>' || c == '-';
    }

    private void skipLine() {
        while (pos < length && sql.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int nesting = 0;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '/' && pos + 1 < length && sql.charAt(pos + 1) == '*') {
                nesting++;
                pos += 2;
            } else if (c == '*' && pos + 1 < length && sql.charAt(pos + 1) == '/') {
                pos += 2;
                if (--nesting == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /**
     * Skips to just after the closing quote, or to the end with {@link #closed} false;
     * {@code from} is after the opening quote.
     */
    private int skipQuoted(int from, char quote, boolean backslashEscapes) {
        int i = from;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        closed = false;
        return length;
    }

    private int skipNumber(int from) {
        int i = from;
        if (sql.charAt(i) == '0' && i + 2 < length && (sql.charAt(i + 1) | 0x20) == 'x'
                && isHexDigit(sql.charAt(i + 2))) {
            i += 2;
            while (i < length && isHexDigit(sql.charAt(i))) {
                i++;
            }
        } else {
            i = skipDigits(i);
            if (i < length && sql.charAt(i) == '.') {
                i = skipDigits(i + 1);
            }
            if (i < length && (sql.charAt(i) | 0x20) == 'e') {
                int j = i + 1;
                if (j < length && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                    j++;
                }
                if (j < length && isDigit(sql.charAt(j))) {
                    i = skipDigits(j);
                }
            }
        }
        // MySQL names may start with digits (1st_table); the whole run stays one token, so no
        // part of a number can ever pass for a name.
        while (i < length && isIdentifierPart(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipDigits(int from) {
        int i = from;
        while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private void lexWord() {
        int i = pos + 1;
        while (i < length && isIdentifierPart(sql.charAt(i))) {
            i++;
        }
        int n = i - pos;
        if (i < length && sql.charAt(i) == '\'' && (isStringPrefix(n) || sql.charAt(pos) == '_')) {
            // E'..', X'..', B'..', N'..' and MySQL charset introducers (_utf8mb4'..') are strings
            type = STRING;
            pos = skipQuoted(i + 1, '\'', true);
            return;
        }
        if (n == 1 && (sql.charAt(pos) | 0x20) == 'u' && i + 1 < length && sql.charAt(i) == '&') {
            char q = sql.charAt(i + 1);
            if (q == '\'') {
                type = STRING;
                pos = skipQuoted(i + 2, q, true);
                return;
            }
        }
        type = WORD;
        pos = i;
    }

    private boolean isStringPrefix(int wordLength) {
        if (wordLength != 1) {
            return false;
        }
        char c = (char) (sql.charAt(pos) | 0x20);
        return c == 'e' || c == 'x' || c == 'b' || c == 'n';
    }

    private void lexDollar() {
        int i = pos + 1;
        if (i < length && isDigit(sql.charAt(i))) {
            type = PARAM;
            pos = skipDigits(i);
            return;
        }
        while (i < length && isDollarTagPart(sql.charAt(i))) {
            i++;
        }
        if (i >= length || sql.charAt(i) != '$') {
            type = PUNCT;
            pos++;
            return;
        }
        type = STRING;
        int tagLength = i + 1 - pos;
        if (tagLength - 2 > MAX_DOLLAR_TAG) {
            pos = length;
            return;
        }
        pos = closingDollarTag(i + 1, tagLength);
    }

    /** Finds {@code $tag$} (the text at [start, start+tagLength)) from {@code from}; linear as the tag is short. */
    private int closingDollarTag(int from, int tagLength) {
        int i = from;
        while (i < length) {
            if (sql.charAt(i) == '$' && sql.regionMatches(i, sql, start, tagLength)) {
                return i + tagLength;
            }
            i++;
        }
        return length;
    }

    private void lexColon() {
        int i = pos + 1;
        if (i < length && sql.charAt(i) == ':') {
            type = PUNCT;
            pos += 2;
        } else if (i < length && isIdentifierStart(sql.charAt(i))) {
            type = PARAM;
            i++;
            while (i < length && isIdentifierPart(sql.charAt(i))) {
                i++;
            }
            pos = i;
        } else {
            type = PUNCT;
            pos++;
        }
    }

    /** Whether the character before {@code pos} ends a name, so a following {@code .5} is a qualifier. */
    private boolean afterIdentifier() {
        if (pos == 0) {
            return false;
        }
        char p = sql.charAt(pos - 1);
        return isIdentifierPart(p) || p == '"' || p == '`' || p == ']';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }

    static boolean isIdentifierStart(char c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_';
        }
        return Character.isLetter(c);
    }

    static boolean isIdentifierPart(char c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_' || c == '$' || isDigit(c);
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isDollarTagPart(char c) {
        return c != '$' && isIdentifierPart(c);
    }
}
