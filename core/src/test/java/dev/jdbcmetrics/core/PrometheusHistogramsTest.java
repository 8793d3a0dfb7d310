package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Our histograms in a real Prometheus scrape, where datasources share one registry. */
class PrometheusHistogramsTest {

    private static final String SELECT_COUNT = "db_query_duration_seconds_count{datasource=\"default\","
            + "operation=\"select\",outcome=\"success\",table=\"orders\"}";

    @Test
    void twoDatasourcesOfTheSameNameInOneRegistryCountIntoTheSameSeries() {
        // Two unnamed wrappers of non-HikariCP data sources are both called "default": they share
        // one set of metrics, as two Micrometer counters of the same id would.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSourceMetrics first = DataSourceMetrics.create("default", registry, MetricsConfig.defaults());
        DataSourceMetrics second = DataSourceMetrics.create("default", registry, MetricsConfig.defaults());
        first.connections().measureBorrows();
        second.connections().measureBorrows();
        first.query("SELECT id FROM orders").succeeded(1_000_000, null);
        for (int i = 0; i < 3; i++) {
            second.query("SELECT id FROM orders").succeeded(1_000_000, null);
        }

        String text = registry.scrape();

        assertThat(text.lines().filter(l -> l.startsWith(SELECT_COUNT))).containsExactly(SELECT_COUNT + " 4");
        assertThat(text).contains("db_queries_executed_total{datasource=\"default\",operation=\"select\","
                + "table=\"orders\"} 4.0");
        assertThat(text.lines().filter(l -> l.startsWith("db_connection_acquire_seconds_count{"))).hasSize(1);
    }

    @Test
    void theSameNameThroughACompositeAndItsPrometheusChildKeepsTheScrapeWorking() {
        // Two sets of metrics of one name reach one Prometheus registry (one through a composite):
        // a duplicated series would make every scrape fail, so the first one published wins.
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        DataSourceMetrics direct = DataSourceMetrics.create("default", prometheus, MetricsConfig.defaults());
        DataSourceMetrics viaComposite = DataSourceMetrics.create("default", composite, MetricsConfig.defaults());
        direct.query("SELECT id FROM orders").succeeded(1_000_000, null);
        viaComposite.query("SELECT id FROM orders").succeeded(1_000_000, null);
        viaComposite.query("SELECT id FROM orders").succeeded(1_000_000, null);

        String text = prometheus.scrape();

        assertThat(text.lines().filter(l -> l.startsWith(SELECT_COUNT))).containsExactly(SELECT_COUNT + " 1");
    }
}
