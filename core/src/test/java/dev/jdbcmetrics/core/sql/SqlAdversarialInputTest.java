package dev.jdbcmetrics.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile input: huge, deeply nested, unterminated or binary SQL; nothing throws and work stays linear. */
class SqlAdversarialInputTest {

    private static final int KB_100 = 100 * 1024;
    private static final int MB_1 = 1024 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 'secret", "SELECT E'secret\\", "SELECT \"secret", "SELECT `secret", "SELECT $$secret",
        "SELECT $tag$secret $tag", "SELECT * FROM t /* secret", "SELECT * FROM t /* /* */ secret",
        "SELECT X'secret", "SELECT U&'secret", "SELECT _utf8'secret", "SELECT 'a''", "SELECT '\\"})
    void unterminatedLiteralsAndCommentsHideTheirContent(String sql) {
        assertThat(SqlNormalizer.normalize(sql)).doesNotContain("secret").startsWith("SELECT");
        assertThat(SqlAnalyzer.analyze(sql).operation()).isEqualTo(SqlOperation.SELECT);
    }

    @Test
    void overlongDollarTagIsTreatedAsALiteralToTheEnd() {
        String tag = "$" + "t".repeat(100) + "$";

        assertThat(SqlNormalizer.normalize("SELECT " + tag + " secret " + tag + " FROM x"))
                .isEqualTo("SELECT ?");
    }

    @Test
    void hundredThousandNestedParenthesesNeitherThrowNorOverflow() {
        String open = "(".repeat(100_000);
        String close = ")".repeat(100_000);

        assertThat(SqlAnalyzer.analyze(open)).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(SqlAnalyzer.analyze(close)).isEqualTo(new SqlAnalysis(SqlOperation.OTHER, "none"));
        assertThat(SqlAnalyzer.analyze("SELECT " + open + "1" + close + " FROM orders"))
                .isEqualTo(new SqlAnalysis(SqlOperation.SELECT, "orders"));
        assertThat(SqlNormalizer.normalize(open)).hasSize(SqlNormalizer.MAX_LENGTH).endsWith("(((...");
        assertThat(SqlNormalizer.normalize("SELECT " + open + "1" + close))
                .hasSize(SqlNormalizer.MAX_LENGTH).doesNotContain("1");
        assertThat(SqlNormalizer.normalize(close)).hasSize(SqlNormalizer.MAX_LENGTH);
    }

    @Test
    void binaryJunkNeitherThrowsNorYieldsAnOddTable() {
        Random random = new Random(20240531);
        for (int round = 0; round < 20; round++) {
            char[] junk = new char[10_000];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            String sql = new String(junk);

            assertThat(SqlNormalizer.normalize(sql).length()).isLessThanOrEqualTo(SqlNormalizer.MAX_LENGTH);
            String table = SqlAnalyzer.analyze("SELECT * FROM " + sql).table();
            assertThat(table.equals("none") || table.chars().allMatch(c -> c == '.' || c == '_' || c == '$'
                    || Character.isLetterOrDigit(c))).as(table).isTrue();
        }
    }

    @Test
    void oneMegabyteStatementIsAnalysedAndNormalised() {
        String sql = realistic(MB_1);

        assertThat(sql.length()).isGreaterThanOrEqualTo(MB_1);
        assertThat(SqlAnalyzer.analyze(sql)).isEqualTo(new SqlAnalysis(SqlOperation.INSERT, "audit"));
        assertThat(SqlNormalizer.normalize(sql))
                .hasSize(SqlNormalizer.MAX_LENGTH)
                .startsWith("INSERT INTO audit (a, b, c) VALUES (?, ?, f(?)), (?, ?, f(?))")
                .doesNotContain("secret").doesNotContain("42");
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("realistic INSERT", (IntFunction<String>) SqlAdversarialInputTest::realistic),
                Arguments.of("nested parentheses", (IntFunction<String>) n -> "SELECT " + "(".repeat(n)),
                Arguments.of("balanced parentheses", (IntFunction<String>) n -> "SELECT " + "(1)".repeat(n / 3) + " FROM t"),
                Arguments.of("nested comment openers", (IntFunction<String>) n -> "SELECT 1 " + "/*".repeat(n / 2)),
                Arguments.of("dollar-quote near misses", (IntFunction<String>) n -> {
                    String tag = "t".repeat(64);
                    return "SELECT $" + tag + "$" + ("$" + tag.substring(1) + "x").repeat(n / 66);
                }),
                Arguments.of("dollar signs", (IntFunction<String>) n -> "SELECT " + "$a".repeat(n / 2)),
                Arguments.of("escaped quotes", (IntFunction<String>) n -> "SELECT '" + "\\'''".repeat(n / 4)),
                Arguments.of("double quotes", (IntFunction<String>) n -> "SELECT " + "\"x\" = ".repeat(n / 6)),
                Arguments.of("IN list", (IntFunction<String>) n -> "SELECT * FROM t WHERE id IN (" + "12, ".repeat(n / 4) + "1)"),
                Arguments.of("qualified names", (IntFunction<String>) n -> "SELECT * FROM " + "a.".repeat(n / 2) + "b"),
                Arguments.of("brackets", (IntFunction<String>) n -> "SELECT * FROM " + "[".repeat(n)));
    }

    /**
     * Work must grow linearly: the median CPU time for 1 MB stays within 20 times the median for
     * 100 KB (10 times is linear; quadratic work would be 100 times; 100 KB counts as at least
     * 2 ms so that sub-millisecond noise cannot fail it), and one 1 MB run takes under 2 seconds
     * of wall time. Thread CPU time, not wall time, is compared, so that other processes
     * competing for this shared machine's cores cannot skew the ratio.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void workIsLinearInTheSqlLength(String shape, IntFunction<String> sqlOfLength) {
        String small = sqlOfLength.apply(KB_100);
        String large = sqlOfLength.apply(MB_1);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            work(small);
            work(large);
        }

        long[] smallNanos = new long[7];
        long[] largeNanos = new long[7];
        long slowestLargeWallNanos = 0;
        for (int i = 0; i < smallNanos.length; i++) { // interleaved, so drift hits both alike
            smallNanos[i] = cpuNanos(small);
            long wallStart = System.nanoTime();
            largeNanos[i] = cpuNanos(large);
            slowestLargeWallNanos = Math.max(slowestLargeWallNanos, System.nanoTime() - wallStart);
        }
        long smallMedian = median(smallNanos);
        long largeMedian = median(largeNanos);

        assertThat(slowestLargeWallNanos).as("1 MB %s took %d ms", shape, slowestLargeWallNanos / 1_000_000)
                .isLessThan(2_000_000_000L);
        assertThat(largeMedian).as("1 MB %s: %d us vs 100 KB: %d us", shape, largeMedian / 1000, smallMedian / 1000)
                .isLessThan(20 * Math.max(smallMedian, 2_000_000L));
    }

    private static long cpuNanos(String sql) {
        long start = THREADS.getCurrentThreadCpuTime();
        work(sql);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static void work(String sql) {
        int produced = SqlAnalyzer.analyze(sql).table().length() + SqlNormalizer.normalize(sql).length();
        assertThat(produced).isPositive();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A multi-row INSERT with strings, numbers, comments and an upsert clause at the very end. */
    private static String realistic(int length) {
        StringBuilder sql = new StringBuilder(length + 200).append("INSERT INTO audit (a, b, c) VALUES ");
        String row = "('secret''s', 42, f($$x; y$$)) /* row */,\n ";
        while (sql.length() < length) {
            sql.append(row.replace(") /* row */,\n ", "), "));
            sql.append(row);
        }
        return sql.append("(-1, 1.5e3, f('z')) ON CONFLICT DO NOTHING").toString();
    }
}
