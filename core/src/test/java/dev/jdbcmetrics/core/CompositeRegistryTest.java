package dev.jdbcmetrics.core;

import static dev.jdbcmetrics.core.RegistryFiltersTest.counts;
import static dev.jdbcmetrics.core.RegistryFiltersTest.lines;
import static dev.jdbcmetrics.core.RegistryFiltersTest.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Every child of a composite gets every metric in the form it can show, children added later too. */
class CompositeRegistryTest {

    private static final String SUCCESS_COUNT = "db_query_duration_seconds_count{datasource=\"orders\","
            + "operation=\"select\",outcome=\"success\",table=\"orders\"}";
    private static final String EXECUTED = "db_queries_executed_total{datasource=\"orders\",operation=\"select\","
            + "table=\"orders\"}";

    @Test
    void childrenPresentAtRegistrationGetTheirOwnFormWithBothLevelsOfFilters() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("child", "prometheus");
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.config().commonTags("application", "trial");
        composite.add(prometheus).add(simple);

        workload(DataSourceMetrics.create("orders", composite, MetricsConfig.defaults()));

        String scrape = prometheus.scrape();
        assertThat(lines(scrape, "db_query_duration_seconds_count{")).containsExactly(
                "db_query_duration_seconds_count{application=\"trial\",child=\"prometheus\",datasource=\"orders\","
                        + "operation=\"select\",outcome=\"error\",table=\"orders\"} 1",
                "db_query_duration_seconds_count{application=\"trial\",child=\"prometheus\",datasource=\"orders\","
                        + "operation=\"select\",outcome=\"success\",table=\"orders\"} 5");
        // a Prometheus child gets no Micrometer timer, which would duplicate the family
        assertThat(scrape).doesNotContain("db_query_duration_seconds_max");
        assertThat(simple.get(MeterNames.QUERY_DURATION).tags("application", "trial", MeterNames.TAG_OUTCOME, "success")
                .timer().count()).isEqualTo(5);
        assertThat(counts(simple.get(MeterNames.QUERY_ROWS).summary().takeSnapshot().histogramCounts()))
                .containsExactly(1, 2, 3, 3, 3, 3);
    }

    @Test
    void aPrometheusChildAddedAfterTheFirstQueriesGetsTheHistogramsCountedLikeItsCounters() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(simple);
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", composite, MetricsConfig.defaults());
        workload(metrics); // 5 successes, 1 failure

        PrometheusMeterRegistry late = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        composite.add(late);
        metrics.query("SELECT id FROM orders WHERE id = ?").succeeded(300_000, null);
        metrics.query("SELECT id FROM orders WHERE id = ?").succeeded(300_000, null);

        // The late child is found when its first scrape reads our counters; both then show every
        // execution since the start, from the scrape after at the latest.
        late.scrape();
        String scrape = late.scrape();

        assertThat(lines(scrape, SUCCESS_COUNT)).containsExactly(SUCCESS_COUNT + " 7");
        assertThat(lines(scrape, EXECUTED)).containsExactly(EXECUTED + " 8.0");
        assertThat(lines(scrape, "db_query_rows_count{")).containsExactly(
                "db_query_rows_count{datasource=\"orders\",operation=\"select\",table=\"orders\"} 3");
        assertThat(late.find(MeterNames.QUERY_DURATION).meters()).hasSize(2);
        // the child that was there all along saw every execution too
        assertThat(simple.get(MeterNames.QUERY_DURATION).tag(MeterNames.TAG_OUTCOME, "success").timer().count())
                .isEqualTo(7);

        // queries after the discovery count in both, exactly
        metrics.query("SELECT id FROM orders WHERE id = ?").succeeded(300_000, null);
        assertThat(lines(late.scrape(), SUCCESS_COUNT)).containsExactly(SUCCESS_COUNT + " 8");
    }

    @Test
    void aLateSimpleChildCountsItsTimersFromWhenItWasFound() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", composite, MetricsConfig.defaults());
        workload(metrics);

        SimpleMeterRegistry late = new SimpleMeterRegistry();
        composite.add(late);
        prometheus.scrape(); // any scrape of the composite's children finds it
        metrics.query("SELECT id FROM orders WHERE id = ?").succeeded(300_000, null);

        assertThat(late.get(MeterNames.QUERY_DURATION).tag(MeterNames.TAG_OUTCOME, "success").timer().count())
                .isEqualTo(1);
        assertThat(late.get(MeterNames.QUERY_ROWS).summary().count()).isZero();
        assertThat(lines(prometheus.scrape(), SUCCESS_COUNT)).containsExactly(SUCCESS_COUNT + " 6");
    }

    @Test
    void aDenyFilterOnTheCompositeReachesEveryChild() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.config().meterFilter(MeterFilter.denyNameStartsWith(MeterNames.QUERY_ROWS));
        composite.add(prometheus).add(simple);

        workload(DataSourceMetrics.create("orders", composite, MetricsConfig.defaults()));

        assertThat(prometheus.scrape()).doesNotContain("db_query_rows").contains(SUCCESS_COUNT + " 5");
        assertThat(simple.find(MeterNames.QUERY_ROWS).meters()).isEmpty();
        assertThat(simple.get(MeterNames.ROWS_RETURNED).functionCounter().count()).isEqualTo(56.0);
    }

    @Test
    void closingRemovesEveryMeterFromEveryChild() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus).add(simple);
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", composite, MetricsConfig.defaults());
        metrics.connections().measureBorrows();
        metrics.connections().measureTransactions();
        workload(metrics);

        metrics.close();

        assertThat(composite.getMeters()).isEmpty();
        assertThat(prometheus.getMeters()).isEmpty();
        assertThat(simple.getMeters()).isEmpty();
        assertThat(prometheus.scrape()).doesNotContain("db_");
    }
}
