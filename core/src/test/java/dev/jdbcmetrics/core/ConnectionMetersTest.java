package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lent-out and waiting counts are derived at read time from the acquire and usage histograms;
 * these pin the arithmetic through every lease outcome, and the counters derived the same way.
 */
class ConnectionMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DataSourceMetrics metrics = DataSourceMetrics.create("derived", registry, MetricsConfig.defaults());
    private final ConnectionMeters connections = metrics.connections();

    @AfterEach
    void close() {
        metrics.close();
        registry.close();
    }

    @Test
    void leasesAndWaitsFollowEveryOutcome() {
        connections.acquireStarted();
        connections.acquireStarted();
        connections.acquireStarted();
        assertThat(connections.waiting()).isEqualTo(3);
        assertThat(connections.lentOut()).isZero();

        connections.acquired(1_000);
        connections.acquireFailed(2_000, new SQLException("timeout", "08001"));
        assertThat(connections.waiting()).isEqualTo(1);
        assertThat(connections.lentOut()).isEqualTo(1);

        connections.acquired(3_000);
        assertThat(connections.waiting()).isZero();
        assertThat(connections.lentOut()).isEqualTo(2);

        connections.released(10_000);
        connections.released(20_000);
        assertThat(connections.waiting()).isZero();
        assertThat(connections.lentOut()).isZero();
    }

    @Test
    void executionsAndRowsReturnedComeFromTheHistograms() {
        String select = "SELECT id FROM orders WHERE id = ?";
        QueryMeters query = metrics.query(select);
        query.succeeded(1_000, select);
        query.succeeded(2_000, select);
        query.failed(3_000, new SQLException("dup", "23505"), select);
        query.resultSetRead(0);
        query.resultSetRead(7);
        query.resultSetRead(1);

        String text = registry.scrape();
        assertThat(text).contains(
                "db_queries_executed_total{datasource=\"derived\",operation=\"select\",table=\"orders\"} 3.0",
                "db_rows_returned_total{datasource=\"derived\",operation=\"select\",table=\"orders\"} 8.0",
                "db_query_rows_count{datasource=\"derived\",operation=\"select\",table=\"orders\"} 3");
    }
}
