package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdbcmetrics.core.sql.SqlNormalizer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Statement mode keeps the top N statements by total execution time. Durations are handed to the
 * recording API directly, so which statement is heavier is decided by the test, not the clock.
 */
class StatementTopTest {

    private static final long MS = 1_000_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void heavyStatementsThatComeLateTakeTheSeriesOfTheLightOnes() {
        DataSourceMetrics metrics = DataSourceMetrics.create("late", registry,
                MetricsConfig.builder().statementTop(3).build());
        List<String> light = IntStream.rangeClosed(1, 7).mapToObj(i -> "SELECT a FROM light_" + i + " WHERE id = ?")
                .toList();
        List<String> heavy = IntStream.rangeClosed(1, 3).mapToObj(i -> "SELECT b FROM heavy_" + i + " WHERE x = ?")
                .toList();
        for (int round = 0; round < 10; round++) {
            for (String sql : light) {
                metrics.query(sql).succeeded(1 * MS, sql); // 10 ms in total each
            }
        }
        assertThat(fingerprintsWithSeries()).containsExactlyInAnyOrderElementsOf(fingerprints(light.subList(0, 3)));
        assertThat(evicted("late")).isZero();

        for (int round = 0; round < 5; round++) {
            for (String sql : heavy) {
                metrics.query(sql).succeeded(20 * MS, sql); // 100 ms in total each
            }
        }

        Set<String> heavyFingerprints = fingerprints(heavy);
        assertThat(fingerprintsWithSeries()).containsExactlyInAnyOrderElementsOf(heavyFingerprints);
        assertThat(evicted("late")).isEqualTo(3.0);
        for (String fingerprint : heavyFingerprints) {
            // each entered the top N on its first execution (20 ms > 10 ms + 1/8), so every one is counted
            assertThat(registry.get(MeterNames.STATEMENT_EXECUTED).tag(MeterNames.TAG_FINGERPRINT, fingerprint)
                    .functionCounter().count()).isEqualTo(5.0);
        }
        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(l -> l.startsWith("db_statement_info{"))).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("heavy_"));
        assertThat(scrape.lines().filter(l -> l.startsWith("db_statement_duration_seconds_count{"))).hasSize(3);
        assertThat(scrape.lines().filter(l -> l.startsWith("db_statement_") && l.contains("light_"))).isEmpty();
        assertThat(scrape).contains("db_statement_evicted_total{datasource=\"late\"} 3.0")
                .contains("db_statement_duration_seconds_sum{datasource=\"late\",fingerprint=\""
                        + fingerprint(heavy.get(0)) + "\"} 0.1\n");
        // the per-operation series still see everything: 70 light and 15 heavy executions
        assertThat(registry.get(MeterNames.QUERIES_EXECUTED).functionCounters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(85.0);
    }

    @Test
    void aStatementThatFallsBehindLosesItsSeriesAndCanComeBack() {
        DataSourceMetrics metrics = DataSourceMetrics.create("swap", registry,
                MetricsConfig.builder().statementTop(1).build());
        String a = "UPDATE a SET n = 1";
        String b = "UPDATE b SET n = 1";
        metrics.query(a).succeeded(10 * MS, a);
        metrics.query(b).succeeded(10 * MS, b);
        assertThat(fingerprintsWithSeries()).containsExactly(fingerprint(a));
        metrics.query(b).succeeded(1 * MS, b); // 11 ms: not more than an eighth above 10 ms
        assertThat(fingerprintsWithSeries()).containsExactly(fingerprint(a));
        metrics.query(b).succeeded(1 * MS, b); // 12 ms > 11.25 ms
        assertThat(fingerprintsWithSeries()).containsExactly(fingerprint(b));
        metrics.query(a).succeeded(10 * MS, a); // 20 ms > 12 ms + 1/8
        assertThat(fingerprintsWithSeries()).containsExactly(fingerprint(a));
        assertThat(evicted("swap")).isEqualTo(2.0);
        // series restart when a statement comes back: a's are the one execution since
        assertThat(registry.get(MeterNames.STATEMENT_EXECUTED).functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void aRetiredCandidateComesBackWhenItTurnsHeavyAndMergesWithItsTwin() {
        DataSourceMetrics metrics = DataSourceMetrics.create("retired", registry,
                MetricsConfig.builder().statementTop(1).build()); // 4 candidates
        String top = "SELECT * FROM top_table WHERE id = 1";
        metrics.query(top).succeeded(50 * MS, top);
        String early = "UPDATE t SET a = 1 WHERE id = 1";
        QueryMeters earlyMeters = metrics.query(early);
        earlyMeters.succeeded(MS, early);
        // newcomers push the early statement (the lightest outside the top) out of the candidate table
        for (int i = 0; i < 3; i++) {
            String other = "DELETE FROM other_" + i + " WHERE id = 1";
            metrics.query(other).succeeded(2 * MS, other);
        }
        String last = "DELETE FROM other_3 WHERE id = 1";
        metrics.query(last).succeeded(2 * MS, last);
        assertThat(metrics.statements().candidateCount()).isEqualTo(4);
        // the same statement with another literal: a new candidate of the same fingerprint
        String twin = "UPDATE t SET a = 2 WHERE id = 2";
        metrics.query(twin).succeeded(3 * MS, twin);

        // the early string's cached meters still point at the retired candidate; turning heavy, it
        // comes back through its twin and takes the top with both strings' time (1 + 3 + 60 ms)
        earlyMeters.succeeded(60 * MS, early);
        assertThat(fingerprintsWithSeries()).containsExactly(fingerprint(early));
        metrics.query(twin).succeeded(MS, twin);
        earlyMeters.succeeded(MS, early);
        assertThat(registry.get(MeterNames.STATEMENT_EXECUTED).functionCounter().count()).isEqualTo(3.0);
        assertThat(metrics.statements().candidateCount()).isLessThanOrEqualTo(4);
        assertThat(evicted("retired")).isEqualTo(1.0);
    }

    @Test
    void inAnyRegistryTheEvictedStatementsMetersGo() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry simple =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        DataSourceMetrics metrics = DataSourceMetrics.create("simple", simple,
                MetricsConfig.builder().statementTop(1).build());
        String a = "DELETE FROM a WHERE id = 1";
        String b = "DELETE FROM b WHERE id = 1";
        metrics.query(a).succeeded(MS, a);
        metrics.query(b).succeeded(5 * MS, b);
        metrics.query(b).succeeded(5 * MS, b);
        assertThat(simple.get(MeterNames.STATEMENT_DURATION).timers()).singleElement().satisfies(t -> {
            assertThat(t.getId().getTag(MeterNames.TAG_FINGERPRINT)).isEqualTo(fingerprint(b));
            assertThat(t.count()).isEqualTo(2);
        });
        assertThat(Search.in(simple).tag(MeterNames.TAG_FINGERPRINT, fingerprint(a)).meters()).isEmpty();
        assertThat(simple.get(MeterNames.STATEMENT_EVICTED).functionCounter().count()).isEqualTo(1.0);
        metrics.close();
        assertThat(simple.getMeters()).isEmpty();
    }

    @Test
    void rowsReturnedAndAffectedAreCountedPerStatement() {
        DataSourceMetrics metrics = DataSourceMetrics.create("rows", registry,
                MetricsConfig.builder().statementTop(2).build());
        QueryMeters select = metrics.query("SELECT * FROM t WHERE id > 10");
        select.succeeded(MS, null);
        select.resultSetRead(7);
        QueryMeters update = metrics.query("UPDATE t SET n = 2 WHERE id > 3");
        update.succeeded(MS, null);
        update.rowsAffected(new int[] {2, java.sql.Statement.SUCCESS_NO_INFO, 3});
        assertThat(registry.get(MeterNames.STATEMENT_ROWS).tag(MeterNames.TAG_FINGERPRINT,
                fingerprint("SELECT * FROM t WHERE id > 10")).functionCounter().count()).isEqualTo(7.0);
        assertThat(registry.get(MeterNames.STATEMENT_ROWS).tag(MeterNames.TAG_FINGERPRINT,
                fingerprint("UPDATE t SET n = 2 WHERE id > 3")).functionCounter().count()).isEqualTo(5.0);
    }

    @Test
    void memoryStaysBoundedWithAHundredThousandDistinctStatements() {
        int top = 20;
        DataSourceMetrics metrics = DataSourceMetrics.create("flood", registry,
                MetricsConfig.builder().statementTop(top).sqlCacheSize(1_000).maxTables(10).build());
        int metersBefore = registry.getMeters().size();
        String heavy = "SELECT * FROM hot WHERE id = ?";
        for (int i = 0; i < 100_000; i++) {
            String sql = "SELECT c" + i + " FROM t" + (i % 50) + " WHERE id = ?"; // distinct column: distinct fingerprint
            metrics.query(sql).succeeded(1_000, sql);
            if (i % 1_000 == 999) {
                metrics.query(heavy).succeeded(10 * MS, heavy); // appears late, heavy: must be in the top
            }
            if (i % 10_000 == 0) {
                assertThat(metrics.statements().candidateCount()).isLessThanOrEqualTo(4 * top);
            }
        }
        StatementTop statements = metrics.statements();
        assertThat(statements.capacity()).isEqualTo(80);
        assertThat(statements.candidateCount()).isEqualTo(80);
        assertThat(statements.topFingerprints()).hasSize(top).contains(fingerprint(heavy));
        assertThat(metrics.cachedSqlCount()).isLessThanOrEqualTo(1_000);
        // per statement in the top: info, executed, rows and the duration histogram's anchor meter;
        // per table (10 + other): 4 counters and 3 histogram anchors
        int statementMeters = (int) registry.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getTag(MeterNames.TAG_FINGERPRINT) != null).count();
        assertThat(statementMeters).isEqualTo(4 * top);
        assertThat(registry.getMeters().size()).isLessThanOrEqualTo(metersBefore + 4 * top + 7 * 11 + 2);
        assertThat(registry.scrape().lines().filter(l -> l.startsWith("db_statement_duration_seconds_count{")))
                .hasSize(top);
    }

    @Test
    void closingTheDatasourceRemovesTheStatementSeries() {
        DataSourceMetrics metrics = DataSourceMetrics.create("closing", registry,
                MetricsConfig.builder().statementTop(2).build());
        metrics.query("SELECT 1 FROM x").succeeded(MS, null);
        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.scrape()).doesNotContain("db_statement");
    }

    private List<String> fingerprintsWithSeries() {
        return Search.in(registry).name(MeterNames.STATEMENT_INFO).meters().stream()
                .map(m -> m.getId().getTag(MeterNames.TAG_FINGERPRINT)).toList();
    }

    private double evicted(String datasource) {
        return registry.get(MeterNames.STATEMENT_EVICTED).tag(MeterNames.TAG_DATASOURCE, datasource)
                .functionCounter().count();
    }

    private static Set<String> fingerprints(List<String> sqls) {
        return sqls.stream().map(StatementTopTest::fingerprint).collect(Collectors.toSet());
    }

    private static String fingerprint(String sql) {
        return SqlNormalizer.fingerprint(SqlNormalizer.normalize(sql));
    }
}
