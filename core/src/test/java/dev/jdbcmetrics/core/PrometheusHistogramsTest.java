package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Our histograms in a real Prometheus scrape, where datasources share one registry. */
class PrometheusHistogramsTest {

    private static final String SELECT_COUNT = "db_query_duration_seconds_count{datasource=\"default\","
            + "operation=\"select\",outcome=\"success\",table=\"orders\"}";

    @Test
    void twoDatasourcesOfTheSameNameKeepTheScrapeWorkingWithTheFirstOnesSeries() {
        // Two unnamed wrappers of non-HikariCP data sources are both called "default": one
        // duplicated series must not turn every scrape of the registry into an exception.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSourceMetrics first = DataSourceMetrics.create("default", registry, MetricsConfig.defaults());
        DataSourceMetrics second = DataSourceMetrics.create("default", registry, MetricsConfig.defaults());
        first.query("SELECT id FROM orders").succeeded(1_000_000, null);
        for (int i = 0; i < 3; i++) {
            second.query("SELECT id FROM orders").succeeded(1_000_000, null);
        }

        String text = registry.scrape();

        // The first registered wins, as Micrometer does for the counters of the same name.
        assertThat(text.lines().filter(l -> l.startsWith(SELECT_COUNT))).containsExactly(SELECT_COUNT + " 1");
        assertThat(text).contains("db_queries_executed_total{datasource=\"default\",operation=\"select\","
                + "table=\"orders\"} 1.0");
        assertThat(text.lines().filter(l -> l.startsWith("db_connection_acquire_seconds_count{"))).hasSize(1);
    }
}
