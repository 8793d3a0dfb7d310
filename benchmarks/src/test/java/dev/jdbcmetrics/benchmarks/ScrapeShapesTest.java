package dev.jdbcmetrics.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrapeShapesTest {

    // 30 samples per combination: executed, failed, rows returned, rows affected, slow (1 each),
    // duration (11 buckets + +Inf + count + sum + max = 15), rows per result set (6 + 4 = 10).
    @ParameterizedTest
    @CsvSource({"100, 120", "1000, 1020", "10000, 10020"})
    void registryHoldsTheSmallestWholeNumberOfCombinationsReachingTheTarget(int target, int expected) {
        PrometheusMeterRegistry registry = ScrapeShapes.registry(target);

        assertThat(ScrapeShapes.seriesIn(registry.scrape())).isEqualTo(expected);
        registry.close();
    }

    @Test
    void oneCombinationCarriesEveryPerStatementMetric() {
        PrometheusMeterRegistry registry = ScrapeShapes.registry(1);

        assertThat(registry.scrape()).contains(
                "db_queries_executed_total{datasource=\"orders\",operation=\"select\",table=\"table_0\"} 1000.0",
                "db_queries_failed_total{datasource=\"orders\",operation=\"select\",sqlstate_class=\"23\","
                        + "table=\"table_0\"} 0.0",
                "db_query_duration_seconds_bucket{datasource=\"orders\",operation=\"select\","
                        + "outcome=\"success\",table=\"table_0\",le=\"0.005\"} 1",
                "db_rows_returned_total{datasource=\"orders\",operation=\"select\",table=\"table_0\"} 3000.0",
                "db_query_rows_bucket{datasource=\"orders\",operation=\"select\",table=\"table_0\",le=\"10.0\"} 2",
                "db_rows_affected_total{datasource=\"orders\",operation=\"select\",table=\"table_0\"} 0.0",
                "db_slow_queries_total{datasource=\"orders\",operation=\"select\",table=\"table_0\"} 0.0");
        registry.close();
    }

    @Test
    void zeroSeriesIsRefused() {
        assertThatThrownBy(() -> ScrapeShapes.registry(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series must be at least 1, got 0");
    }
}
