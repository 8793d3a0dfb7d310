package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The "cheap" promise: once a SQL string has been seen, recording its executions, rows,
 * connections and transactions allocates nothing.
 *
 * <p>Measured with the JVM's per-thread allocation counter, not with time, so it is exact and
 * not flaky on a busy machine.
 */
class RecordingAllocationTest {

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void steadyStateRecordingAllocatesNothing() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertRecordingAllocatesNothing(registry, MetricsConfig.defaults());
        registry.close();
    }

    @Test
    void recordingIntoMicrometerTimersAllocatesNothingEither() {
        // every registry but Prometheus': our histograms also record into Micrometer timers
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertRecordingAllocatesNothing(registry, MetricsConfig.defaults());
        registry.close();
    }

    @Test
    void theOtelNamingAllocatesNothingEither() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertRecordingAllocatesNothing(registry, MetricsConfig.builder().naming(Naming.OTEL).build());
        registry.close();
    }

    private void assertRecordingAllocatesNothing(MeterRegistry registry, MetricsConfig config) {
        DataSourceMetrics metrics = DataSourceMetrics.create("alloc", registry, config);
        metrics.connections().measureBorrows();
        metrics.connections().measureTransactions();
        SQLException failure = new SQLException("duplicate", "23505");
        String select = "SELECT id, status FROM orders WHERE id = ?";
        String update = "UPDATE orders SET status = ? WHERE id = ?";

        run(metrics, failure, select, update, WARM_UP);
        long before = threads.getCurrentThreadAllocatedBytes();
        run(metrics, failure, select, update, MEASURED);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Slack for the JVM's own bookkeeping in the measured thread (about 1 KB seen, whatever
        // the count): one 16-byte allocation per operation would be at least 1.6 MB here.
        assertThat(allocated).as("bytes allocated by %d recorded operations", MEASURED).isLessThan(16 * 1024);
        metrics.close();
    }

    @Test
    void statementModeRecordingAllocatesNothingInsideOrOutsideTheTop() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // top 1: the update, heavier, takes the series from the select during the warm-up; the
        // select then stays a candidate outside the top N, far below the bar, only compared
        DataSourceMetrics metrics = DataSourceMetrics.create("alloc-statements", registry,
                MetricsConfig.builder().statementTop(1).build());
        SQLException failure = new SQLException("duplicate", "23505");
        String select = "SELECT id, status FROM orders WHERE id = ?";
        String update = "UPDATE orders SET status = ? WHERE id = ?";

        run(metrics, failure, select, update, WARM_UP);
        assertThat(metrics.statements().topFingerprints()).hasSize(1);
        long before = threads.getCurrentThreadAllocatedBytes();
        run(metrics, failure, select, update, MEASURED);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by %d recorded operations", MEASURED).isLessThan(16 * 1024);
        registry.close();
    }

    @Test
    void nativeHistogramsAndExemplarsOfACurrentSpanAllocateNothingPerQuery() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSourceMetrics metrics = DataSourceMetrics.create("alloc-native", registry,
                MetricsConfig.builder().nativeHistograms(true).statementTop(2).build());
        SQLException failure = new SQLException("duplicate", "23505");
        String select = "SELECT id, status FROM orders WHERE id = ?";
        String update = "UPDATE orders SET status = ? WHERE id = ?";
        // A sampled span, as an OpenTelemetry agent or SDK would make current around a request.
        io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.wrap(
                io.opentelemetry.api.trace.SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                        io.opentelemetry.api.trace.TraceFlags.getSampled(),
                        io.opentelemetry.api.trace.TraceState.getDefault()));
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            run(metrics, failure, select, update, WARM_UP);
            long before = threads.getCurrentThreadAllocatedBytes();
            run(metrics, failure, select, update, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // An exemplar (one small object) is replaced at most once a second per bucket: a handful here.
            assertThat(allocated).as("bytes allocated by %d recorded operations", MEASURED).isLessThan(16 * 1024);
        }
        assertThat(registry.scrape("application/openmetrics-text; version=1.0.0"))
                .contains("trace_id=\"0af7651916cd43dd8448eb211c80319c\"");
        registry.close();
    }

    private static void run(DataSourceMetrics metrics, SQLException failure, String select, String update, int n) {
        ConnectionMeters connections = metrics.connections();
        for (int i = 0; i < n; i++) {
            connections.acquireStarted();
            connections.acquired(1_000);
            QueryMeters query = metrics.query(select);
            query.succeeded(50_000, select);
            query.resultSetRead(10);
            QueryMeters write = metrics.query(update);
            write.succeeded(80_000, update);
            write.rowsAffected(1);
            if (i % 16 == 0) {
                write.failed(90_000, failure, update);
            }
            connections.transactionEnded(true, 200_000);
            connections.released(300_000);
        }
    }
}
