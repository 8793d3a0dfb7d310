package dev.jdbcmetrics.it.reliability;

import static dev.jdbcmetrics.it.reliability.MetricsText.label;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault tests' common check: a scrape accounts for every attempt a {@link Workload} made
 * through a metered data source, exactly, by outcome and by SQLState class.
 */
final class ExactCounts {

    private ExactCounts() {
    }

    /**
     * Asserts that {@code m} (a scrape taken after {@code wrapped} stopped) counts exactly what
     * {@code wrapped} saw on datasource {@code datasource}.
     *
     * @param summary shown with any failure (both workloads' accounts)
     */
    static void assertCounted(MetricsText m, String datasource, Workload wrapped, String summary) {
        String ds = label("datasource", datasource);
        long executed = (long) m.sum("db_queries_executed_total", ds);
        long succeeded = (long) m.sum("db_query_duration_seconds_count", ds, label("outcome", "success"));
        long failed = (long) m.sum("db_queries_failed_total", ds);
        assertThat(executed).as(summary).isEqualTo(wrapped.executions.sum());
        assertThat(succeeded).as(summary).isEqualTo(wrapped.succeeded.sum());
        assertThat(failed).as(summary).isEqualTo(wrapped.failed.sum());
        assertThat(executed).isEqualTo(succeeded + failed);
        assertThat((long) m.sum("db_query_duration_seconds_count", ds, label("outcome", "error"))).isEqualTo(failed);
        assertThat(m.sumBy("db_queries_failed_total", "sqlstate_class", ds)).as(summary)
                .isEqualTo(Workload.sums(wrapped.failedByClass));
        assertThat(m.sumBy("db_connection_acquire_failures_total", "sqlstate_class", ds)).as(summary)
                .isEqualTo(Workload.sums(wrapped.acquireFailedByClass));
        assertThat((long) m.sum("db_connection_acquire_seconds_count", ds)).isEqualTo(wrapped.acquireAttempts.sum());
        assertThat((long) m.sum("db_connection_usage_seconds_count", ds))
                .isEqualTo(wrapped.acquireAttempts.sum() - wrapped.acquireFailures.sum());
        // Back to idle, and nothing went wrong inside the metrics themselves.
        assertThat(m.sum("db_connections_active", ds)).isZero();
        assertThat(m.sum("db_connections_pending", ds)).isZero();
        assertThat(m.sum("jdbc_metrics_recording_errors_total", ds)).isZero();
    }
}
