package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and adversarial SQL: nothing throws, no literal escapes into a table or normalised text. */
class SqlFuzzPropertiesTest {

    /** Pieces that stress the tokenizer: quotes, comment and dollar-quote openers, escapes, junk. */
    private static final List<String> PIECES = List.of(
            "SELECT", "FROM", "WITH", "RECURSIVE", "AS", "INSERT", "INTO", "ON", "CONFLICT", "DO",
            "UPDATE", "DUPLICATE", "DELETE", "MERGE", "CALL", "CREATE", "TABLE", "INDEX", "VALUES",
            "IN", "ONLY", "LATERAL", "orders", "Sch", "t", " ", "\n", "\t", "(", ")", ",", ".", ";",
            "'", "''", "\"", "`", "[", "]", "{", "}", "\\", "$", "$$", "$a$", "$1", "?", ":x", "::",
            "--", "/*", "*/", "#", "#>", "-", "+", "=", "*", "1", "0x1F", "1.5e3", "E'", "X'", "U&'",
            "_utf8'", "Ω", "Заказ", "\u0000", "\uD800", "\uDC00", "\uFFFF");

    @Property(tries = 2000)
    void analyzerNeverThrowsAndTableIsAPlainName(@ForAll("sqlLike") String sql) {
        SqlAnalysis analysis = SqlAnalyzer.analyze(sql);

        assertThat(analysis.operation()).isNotNull();
        assertPlainName(analysis.table());
    }

    @Property(tries = 500)
    void analyzerHandlesArbitraryUnicode(@ForAll("anyText") String sql) {
        assertPlainName(SqlAnalyzer.analyze(sql).table());
        assertPlainName(SqlAnalyzer.analyze("SELECT * FROM " + sql).table());
        assertPlainName(SqlAnalyzer.analyze("INSERT INTO " + sql).table());
    }

    @Property(tries = 2000)
    void normalizerNeverThrowsAndStaysBounded(@ForAll("sqlLike") String sql) {
        String normalized = SqlNormalizer.normalize(sql);

        assertThat(normalized.length()).isLessThanOrEqualTo(SqlNormalizer.MAX_LENGTH);
        assertThat(normalized).doesNotStartWith(" ").doesNotEndWith(" ");
        assertThat(SqlNormalizer.fingerprint(normalized)).matches("[0-9a-f]{16}");
    }

    @Property(tries = 500)
    void normalizerHandlesArbitraryUnicode(@ForAll("anyText") String sql) {
        assertThat(SqlNormalizer.normalize(sql).length()).isLessThanOrEqualTo(SqlNormalizer.MAX_LENGTH);
    }

    @Property(tries = 2000)
    void plantedLiteralsNeverSurvive(@ForAll("plantedStatements") String sql) {
        String normalized = SqlNormalizer.normalize(sql);
        String table = SqlAnalyzer.analyze(sql).table();

        assertThat(normalized).as("normalised %s", sql).doesNotContain(MARKER);
        assertThat(normalized.chars().filter(c -> c >= '0' && c <= '9'))
                .as("digits in normalised %s -> %s", sql, normalized).isEmpty();
        assertThat(table).as("table of %s", sql).isIn("t", "none", "p", "x");
    }

    @Property(tries = 1000)
    void fingerprintHashesTheUtf8Bytes(@ForAll("anyText") String text) {
        // lone surrogates are encoded as '?', like String.getBytes does
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L;
        for (byte b : utf8) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }

        assertThat(SqlNormalizer.fingerprint(text)).isEqualTo(String.format("%016x", hash));
    }

    @Provide
    Arbitrary<String> sqlLike() {
        return Arbitraries.of(PIECES).list().ofMaxSize(60)
                .map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    // ------------------------------------------------------------------ planted literals

    /** Marks the content of every planted literal; the templates never contain it. */
    private static final String MARKER = "ZqX";

    /** Statements with placeholders for literals; digit-free, so any digit in the output leaked. */
    private static final List<String> TEMPLATES = List.of(
            "SELECT a, b FROM t WHERE a = %s AND b IN (%s, %s) ORDER BY c LIMIT %s",
            "INSERT INTO t (a, b) VALUES (%s, %s), (%s, %s)",
            "UPDATE t SET a = %s WHERE b = %s AND c <> %s",
            "/* note */ DELETE FROM t WHERE a > %s -- trailing\n AND b < %s",
            "SELECT * FROM t WHERE a = %s # comment\n AND b = %s",
            "WITH x AS (SELECT %s AS v) SELECT v FROM x WHERE v <> %s",
            "CALL p(%s, %s)",
            "{call p(%s)}",
            "SELECT f(%s) FROM t WHERE x = ANY(%s) AND y BETWEEN %s AND %s",
            "INSERT INTO t (a) VALUES (%s) ON CONFLICT (a) DO UPDATE SET a = %s",
            "SELECT * FROM t WHERE a LIKE %s ESCAPE %s",
            "SELECT %s, -%s, +%s FROM t",
            "SELECT * FROM t WHERE j->>%s = %s AND j #>> %s IS NULL",
            "SELECT * FROM t WHERE (a, b) IN ((%s, %s), (%s, %s))",
            "SELECT CASE WHEN a = %s THEN %s ELSE %s END FROM t");

    @Provide
    Arbitrary<String> plantedStatements() {
        Arbitrary<String> template = Arbitraries.of(TEMPLATES);
        Arbitrary<List<String>> literals = literal().list().ofSize(4);
        return Combinators.combine(template, literals)
                .as((t, values) -> String.format(t, values.toArray()));
    }

    private Arbitrary<String> literal() {
        Arbitrary<String> content = Arbitraries.strings()
                .withChars("abcXYZ '\"\\$;-/*#\n()?:`é,.%")
                .ofMaxLength(30)
                .map(s -> MARKER + s);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12);
        return Arbitraries.oneOf(
                content.map(s -> "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"),
                content.map(s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"),
                content.map(s -> "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"),
                content.map(s -> "N'" + s.replace("\\", "\\\\").replace("'", "''") + "'"),
                content.map(s -> "_utf8mb4'" + s.replace("\\", "\\\\").replace("'", "''") + "'"),
                content.map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\"\"") + "\""),
                content.map(s -> "$$" + s.replace("$", "S") + "$$"),
                content.map(s -> "$body$" + s.replace("$", "S") + "$body$"),
                digits,
                digits.map(d -> d + "." + new StringBuilder(d).reverse()),
                digits.map(d -> "." + d),
                digits.map(d -> d + "e-" + d.charAt(0)),
                digits.map(d -> "0x" + d),
                digits.map(d -> "X'" + d + "'"),
                digits.map(d -> "B'" + d.chars().mapToObj(c -> c % 2 == 0 ? "0" : "1")
                        .collect(Collectors.joining()) + "'"),
                digits.map(d -> "{d '" + d + "'}"),
                digits.map(d -> "$" + d),
                Arbitraries.of("?", ":name", "TRUE", "NULL"));
    }

    private static void assertPlainName(String table) {
        if (SqlAnalysis.NO_TABLE.equals(table)) {
            return;
        }
        assertThat(table).hasSizeBetween(1, SqlAnalyzer.MAX_TABLE_LENGTH)
                .doesNotStartWith(".").doesNotEndWith(".").doesNotContain("..");
        assertThat(table.chars().allMatch(c -> c == '.' || c == '_' || c == '$' || Character.isLetterOrDigit(c)))
                .as("only letters, digits, _, $ and dots in '%s'", table).isTrue();
        assertThat(table.chars().allMatch(c -> Character.toLowerCase(c) == c))
                .as("lower case '%s'", table).isTrue();
        for (String part : table.split("\\.")) {
            assertThat(part.chars().allMatch(c -> c >= '0' && c <= '9')).as("all-digit part in '%s'", table).isFalse();
        }
    }
}
