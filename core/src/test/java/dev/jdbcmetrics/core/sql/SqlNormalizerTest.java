package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlNormalizerTest {

    @Test
    void nullAndBlankSqlNormaliseToEmptyText() {
        assertThat(SqlNormalizer.normalize(null)).isEmpty();
        assertThat(SqlNormalizer.normalize("")).isEmpty();
        assertThat(SqlNormalizer.normalize(" \n\t/* c */ -- d")).isEmpty();
    }

    @Test
    void replacesStringAndNumberLiterals() {
        assertThat(SqlNormalizer.normalize(
                "SELECT * FROM t WHERE a = 'x' AND b = 42 AND c = 1.5e-3 AND d = 0xFF AND e = .5 AND f = 10E+2"))
                .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ? AND f = ?");
    }

    @Test
    void replacesEscapedAndPrefixedStrings() {
        assertThat(SqlNormalizer.normalize(
                "SELECT 'it''s', 'it\\'s', E'a\\'b', N'n', X'0A', B'101', _utf8mb4'm', U&'d\\0061t' FROM t"))
                .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM t");
    }

    @Test
    void replacesDollarQuotedStrings() {
        assertThat(SqlNormalizer.normalize("SELECT $$a ' b$$, $fn$ select 1; $$ $fn$ FROM t"))
                .isEqualTo("SELECT ?, ? FROM t");
    }

    @Test
    void keepsBindMarkersAsQuestionMarks() {
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE a = $1 AND b = :name AND c = ? AND d = x::int"))
                .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = x::int");
    }

    @Test
    void signIsPartOfANumberOnlyWhereItCannotBeAnOperator() {
        assertThat(SqlNormalizer.normalize("SELECT x - 1, x-1, -2, (-3), f(+4) FROM t WHERE a = -5 AND b > - 6"))
                .isEqualTo("SELECT x - ?, x-?, ?, (?), f(?) FROM t WHERE a = ? AND b > ?");
    }

    @Test
    void turnsTrueAndFalseIntoMarkersButKeepsNull() {
        // a client inlining booleans and one binding them run the same query: same text
        assertThat(SqlNormalizer.normalize("UPDATE t SET a = TRUE, b = false, c = NULL WHERE d IS NOT NULL"))
                .isEqualTo("UPDATE t SET a = ?, b = ?, c = NULL WHERE d IS NOT NULL");
    }

    @Test
    void collapsesInLists() {
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE id IN (1, 2, 3) AND s IN ('a') AND u IN (?,?,?)"))
                .isEqualTo("SELECT * FROM t WHERE id IN (?) AND s IN (?) AND u IN (?)");
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4), (5, 6))"))
                .isEqualTo("SELECT * FROM t WHERE (a, b) IN ((?))");
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1)"))
                .isEqualTo("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = ?)");
    }

    @Test
    void collapsesValuesRows() {
        assertThat(SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?)");
        assertThat(SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (?, ?),(?, ?) ON CONFLICT (a) DO NOTHING"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?) ON CONFLICT (a) DO NOTHING");
        // rows with expressions are kept as written
        assertThat(SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (1, now()), (2, now())"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?, now()), (?, now())");
    }

    @Test
    void groupsThatAreNotListsStayAsTheyAre() {
        assertThat(SqlNormalizer.normalize("SELECT count(*), now(), coalesce(a, 0), f(1, 2) FROM t"))
                .isEqualTo("SELECT count(*), now(), coalesce(a, ?), f(?) FROM t");
        assertThat(SqlNormalizer.normalize("SELECT (1), (2) FROM t"))
                .isEqualTo("SELECT (?), (?) FROM t");
    }

    @Test
    void dropsCommentsAndCollapsesWhitespace() {
        assertThat(SqlNormalizer.normalize(
                "/* app=shop */ SELECT  a,\n\tb -- first\n FROM t # mysql\n WHERE a/**/= 1 AND /*+ hint */ b=2\n"))
                .isEqualTo("SELECT a, b FROM t WHERE a = ? AND b=?");
    }

    @Test
    void keepsKeywordAndNameCase() {
        assertThat(SqlNormalizer.normalize("select A, \"B\".c from T join \"U\" on T.x = \"U\".y"))
                .isEqualTo("select A, \"B\".c from T join \"U\" on T.x = \"U\".y");
    }

    @Test
    void doubleQuotedTextIsKeptOnlyWhereItMustBeAName() {
        assertThat(SqlNormalizer.normalize(
                "SELECT \"id\", x AS \"Alias\" FROM \"Orders\" WHERE \"Orders\".\"name\" = \"secret\" AND b IN (\"p\", \"q\")"))
                .isEqualTo("SELECT ?, x AS \"Alias\" FROM \"Orders\" WHERE \"Orders\".\"name\" = ? AND b IN (?)");
        assertThat(SqlNormalizer.normalize("UPDATE \"t\" SET c = \"it\"\"s \\\" x\" WHERE d = 1"))
                .isEqualTo("UPDATE \"t\" SET c = ? WHERE d = ?");
    }

    @Test
    void keepsBacktickedNames() {
        assertThat(SqlNormalizer.normalize("SELECT `id` FROM `shop`.`orders` WHERE `status` = 'new'"))
                .isEqualTo("SELECT `id` FROM `shop`.`orders` WHERE `status` = ?");
    }

    @Test
    void unterminatedQuotesAndCommentsHideTheRest() {
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE a = 'secret AND b = 1")).isEqualTo("SELECT * FROM t WHERE a = ?");
        assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE a = $x$ secret")).isEqualTo("SELECT * FROM t WHERE a = ?");
        assertThat(SqlNormalizer.normalize("SELECT * FROM `t WHERE a = 'secret'")).isEqualTo("SELECT * FROM ?");
        assertThat(SqlNormalizer.normalize("SELECT * FROM t /* WHERE a = 'secret'")).isEqualTo("SELECT * FROM t");
    }

    @Test
    void keepsFunctionEscapesAndJsonOperatorsButDateEscapesAreLiterals() {
        assertThat(SqlNormalizer.normalize("SELECT {fn ucase(a)} FROM t WHERE d > {d '2024-01-31'} AND j #>> '{a,b}' = ? AND j->>'k' = 'v'"))
                .isEqualTo("SELECT {fn ucase(a)} FROM t WHERE d > ? AND j #>> ? = ? AND j->>? = ?");
    }

    @Test
    void collapsesAHundredThousandElementInList() {
        String list = IntStream.rangeClosed(1, 100_000).mapToObj(Integer::toString).collect(Collectors.joining(", "));

        assertThat(SqlNormalizer.normalize("SELECT * FROM orders WHERE id IN (" + list + ") ORDER BY id"))
                .isEqualTo("SELECT * FROM orders WHERE id IN (?) ORDER BY id");
    }

    @Test
    void truncatesLongTextWithAnEllipsis() {
        String columns = IntStream.range(0, 3000).mapToObj(i -> "col" + (char) ('a' + i % 26))
                .collect(Collectors.joining(", "));
        String normalized = SqlNormalizer.normalize("SELECT " + columns + " FROM t");

        assertThat(normalized).hasSize(SqlNormalizer.MAX_LENGTH).endsWith("...")
                .startsWith("SELECT cola, colb, colc");
    }

    @Test
    void fingerprintIsFnv1a64OfUtf8AsSixteenHexDigits() {
        // published FNV-1a 64 test vectors
        assertThat(SqlNormalizer.fingerprint("")).isEqualTo("cbf29ce484222325");
        assertThat(SqlNormalizer.fingerprint("a")).isEqualTo("af63dc4c8601ec8c");
        assertThat(SqlNormalizer.fingerprint("foobar")).isEqualTo("85944171f73967e8");
        assertThat(SqlNormalizer.fingerprint(null)).isEqualTo("cbf29ce484222325");
        assertThat(SqlNormalizer.fingerprint("SELECT * FROM t WHERE a = ?")).matches("[0-9a-f]{16}");
    }

    @Test
    void fingerprintIsTheSameForDifferentLiteralsAndListLengths() {
        String a = SqlNormalizer.normalize("SELECT * FROM orders WHERE status = 'new' AND id IN (1, 2, 3) LIMIT 10");
        String b = SqlNormalizer.normalize("SELECT * FROM orders WHERE status = 'shipped' AND id IN (42) LIMIT 500");
        String c = SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (1, 'x')");
        String d = SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, $$z$$)");

        assertThat(a).isEqualTo(b);
        assertThat(SqlNormalizer.fingerprint(a)).isEqualTo(SqlNormalizer.fingerprint(b));
        assertThat(SqlNormalizer.fingerprint(c)).isEqualTo(SqlNormalizer.fingerprint(d));
    }

    @Test
    void fingerprintDiffersForDifferentQueries() {
        String select = SqlNormalizer.normalize("SELECT * FROM orders WHERE id = 1");
        String otherTable = SqlNormalizer.normalize("SELECT * FROM customers WHERE id = 1");
        String otherColumn = SqlNormalizer.normalize("SELECT * FROM orders WHERE ref = 1");
        String delete = SqlNormalizer.normalize("DELETE FROM orders WHERE id = 1");

        assertThat(java.util.List.of(select, otherTable, otherColumn, delete)
                .stream().map(SqlNormalizer::fingerprint).distinct()).hasSize(4);
    }
}
