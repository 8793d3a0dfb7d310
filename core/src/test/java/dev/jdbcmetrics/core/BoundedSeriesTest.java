package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The "bounded" promise: a workload of generated SQL (tens of thousands of distinct strings and
 * tables) can grow neither the series count nor the cache.
 */
class BoundedSeriesTest {

    private static final int DISTINCT_SQL = 50_000;

    @Test
    void distinctSqlAndTablesAreCappedPerDatasource() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsConfig config = MetricsConfig.builder().maxTables(20).sqlCacheSize(1_000).build();
        DataSourceMetrics metrics = DataSourceMetrics.create("generated", registry, config);

        for (int i = 0; i < DISTINCT_SQL; i++) {
            // distinct literals, and a distinct table every 10th statement
            metrics.query("SELECT * FROM t_" + (i / 10) + " WHERE id = " + i).succeeded(1_000, null);
            assertThat(metrics.cachedSqlCount()).isLessThanOrEqualTo(1_000);
        }

        Set<String> tables = registry.getMeters().stream()
                .filter(m -> m.getId().getName().equals(MeterNames.QUERIES_EXECUTED))
                .map(m -> m.getId().getTag(MeterNames.TAG_TABLE))
                .collect(Collectors.toSet());
        assertThat(tables).hasSize(21).contains(TableLabels.OTHER);
        double executed = registry.get(MeterNames.QUERIES_EXECUTED).functionCounters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(executed).isEqualTo(DISTINCT_SQL);
        double other = registry.get(MeterNames.QUERIES_EXECUTED).tag(MeterNames.TAG_TABLE, TableLabels.OTHER)
                .functionCounter().count();
        assertThat(other).isEqualTo(DISTINCT_SQL - 20 * 10);

        // Per (operation, table): 4 counters as Micrometer meters (executed, rows returned, rows
        // affected, slow) and 3 histograms exposed straight to Prometheus (2 durations, rows per
        // result set), each with its anchor meter in the registry: 4 + 3 meters, and
        // 4 + 3 x (14 or 6 buckets + Inf + count + sum) lines.
        long queryMeters = registry.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getTag(MeterNames.TAG_TABLE) != null).count();
        assertThat(queryMeters).isEqualTo(21 * (4 + 3));
        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(l -> l.startsWith("db_query_duration_seconds_count{")).count())
                .isEqualTo(21 * 2);
        assertThat(scrape.lines().filter(l -> l.startsWith("db_query_rows_count{")).count()).isEqualTo(21);
        assertThat(registry.scrape().lines().filter(l -> !l.startsWith("#")).count()).isLessThan(3_000);
        registry.close();
    }

    @Test
    void statementModeKeepsSeriesForItsTopStatementsOnly() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSourceMetrics metrics = DataSourceMetrics.create("statements", registry,
                MetricsConfig.builder().statementTop(3).build());

        for (int i = 0; i < 1_000; i++) {
            // five statement shapes; literals differ, so the fingerprints come from normalised SQL
            metrics.query("SELECT * FROM orders WHERE id = " + i).succeeded(1_000, null);
            metrics.query("SELECT * FROM orders WHERE status = 'S" + i + "'").succeeded(1_000, null);
            metrics.query("UPDATE orders SET n = " + i + " WHERE id = " + i).succeeded(1_000, null);
            metrics.query("DELETE FROM orders WHERE id IN (" + i + ", " + (i + 1) + ")").succeeded(1_000, null);
            metrics.query("INSERT INTO audit VALUES (" + i + ")").succeeded(1_000, null);
        }

        String scrape = registry.scrape();
        long infoSeries = scrape.lines().filter(l -> l.startsWith("db_statement_info{")).count();
        assertThat(infoSeries).isEqualTo(3);
        assertThat(scrape).doesNotContain("'S1'").doesNotContain("id = 1 ");
        assertThat(registry.get(MeterNames.STATEMENT_EXECUTED).functionCounters())
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.count()).isEqualTo(1_000));
        // the per-operation series still see everything
        assertThat(registry.get(MeterNames.QUERIES_EXECUTED).tag(MeterNames.TAG_OPERATION, "select")
                .functionCounter().count()).isEqualTo(2_000);
        registry.close();
    }
}
