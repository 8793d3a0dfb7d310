package dev.jdbcmetrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jdbcmetrics.core.DataSourceMetrics;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.SlowQuery;
import dev.jdbcmetrics.core.sql.SqlNormalizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the live page shows, computed from real registry snapshots with durations the test chooses. */
class LiveSummaryTest {

    private static final long MS = 1_000_000;
    private static final double EPS = 1e-12;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void summarisesDatasourcesStatementsAndSlowQueries() {
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", registry,
                MetricsConfig.builder().statementTop(5).slowQueryThreshold(Duration.ofMillis(25)).build());
        String point = "SELECT * FROM orders WHERE id = 42";
        String report = "SELECT status, count(*) FROM orders WHERE day > '2026-01-01' GROUP BY status";
        for (int i = 0; i < 100; i++) {
            metrics.query(point).succeeded(2 * MS, point); // bucket (1 ms, 2.5 ms]
        }
        for (int i = 0; i < 10; i++) {
            metrics.query(report).succeeded(30 * MS, report); // bucket (25 ms, 50 ms], slow
        }
        Gauge.builder("db.pool.saturation.ratio", () -> 0.75).tag("datasource", "orders").register(registry);
        Gauge.builder("db.connections.active", () -> 3).tag("datasource", "orders").register(registry);
        Gauge.builder("db.connections.max", () -> 4).tag("datasource", "orders").register(registry);
        Gauge.builder("db.up", () -> 0).tag("target", "billing").register(registry);

        LiveSummary summary = LiveSummary.of(registry.getPrometheusRegistry().scrape(LiveSummary.INCLUDED),
                metrics.recentSlowQueries());

        assertThat(summary.datasources()).hasSize(2);
        LiveSummary.Datasource billing = summary.datasources().get(0);
        assertThat(billing.name()).isEqualTo("billing");
        assertThat(billing.up()).isZero();
        assertThat(billing.saturation()).isNaN();
        LiveSummary.Datasource orders = summary.datasources().get(1);
        assertThat(orders).isEqualTo(new LiveSummary.Datasource("orders", Double.NaN, 0.75, 3, 4, 110));

        assertThat(summary.statements()).hasSize(2);
        LiveSummary.Statement heaviest = summary.statements().get(0);
        assertThat(heaviest.fingerprint()).isEqualTo(SqlNormalizer.fingerprint(SqlNormalizer.normalize(report)));
        assertThat(heaviest.sql()).isEqualTo("SELECT status, count(*) FROM orders WHERE day > ? GROUP BY status");
        assertThat(heaviest.count()).isEqualTo(10);
        assertThat(heaviest.totalSeconds()).isCloseTo(0.3, within(EPS));
        assertThat(heaviest.meanSeconds()).isCloseTo(0.03, within(EPS));
        // rank 9.9 of 10, all in (0.025, 0.05]: 0.025 + 0.025 * 9.9 / 10
        assertThat(heaviest.p99Seconds()).isCloseTo(0.04975, within(EPS));
        LiveSummary.Statement second = summary.statements().get(1);
        assertThat(second.sql()).isEqualTo("SELECT * FROM orders WHERE id = ?");
        assertThat(second.count()).isEqualTo(100);
        assertThat(second.meanSeconds()).isCloseTo(0.002, within(EPS));
        assertThat(second.p99Seconds()).isCloseTo(0.001 + 0.0015 * 99 / 100, within(EPS));

        assertThat(summary.slowQueries()).hasSize(10).allSatisfy(q -> {
            assertThat(q.sql()).isEqualTo(heaviest.sql());
            assertThat(q.seconds()).isEqualTo(0.03);
            assertThat(q.operation()).isEqualTo("select");
            assertThat(q.table()).isEqualTo("orders");
        });
        metrics.close();
    }

    @Test
    void jsonCarriesTheSummaryWithUnknownValuesAsNullAndMarkupInert() {
        LiveSummary summary = new LiveSummary(
                List.of(new LiveSummary.Datasource("a\"b", Double.NaN, 0.5, 1, 2, 7)),
                List.of(new LiveSummary.Statement("a\"b", "00ff", "SELECT '</script><img src=x onerror=alert(1)>'", 3,
                        0.75, 0.25, Double.NaN)),
                List.of(new SlowQuery("a\"b", "select", "t", "SELECT ?\n", 1.5, 1_700_000_000_000L)));
        assertThat(summary.toJson()).isEqualTo("{\"datasources\":[{\"name\":\"a\\\"b\",\"up\":null,\"saturation\":0.5,"
                + "\"active\":1,\"max\":2,\"executed\":7}],\"statements\":[{\"datasource\":\"a\\\"b\","
                + "\"fingerprint\":\"00ff\",\"sql\":\"SELECT '\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)"
                + "\\u003e'\",\"count\":3,\"totalSeconds\":0.75,\"meanSeconds\":0.25,\"p99Seconds\":null}],"
                + "\"slowQueries\":[{\"datasource\":\"a\\\"b\",\"operation\":\"select\",\"table\":\"t\","
                + "\"sql\":\"SELECT ?\\n\",\"seconds\":1.5,\"at\":1700000000000}]}");
    }

    @Test
    void quantilesFollowHistogramQuantile() {
        double[] bounds = {0.001, 0.01, 0.1, Double.POSITIVE_INFINITY};
        assertThat(HistogramQuantile.estimate(0.99, ClassicHistogramBuckets.of(bounds, new long[] {0, 0, 0, 0})))
                .isNaN();
        // 50 in the first bucket: from 0
        assertThat(HistogramQuantile.estimate(0.5, ClassicHistogramBuckets.of(bounds, new long[] {50, 0, 0, 0})))
                .isCloseTo(0.0005, within(EPS));
        // rank 99 of 100 falls in (0.01, 0.1], which holds ranks 91 to 100: 0.01 + 0.09 * 9 / 10
        assertThat(HistogramQuantile.estimate(0.99, ClassicHistogramBuckets.of(bounds, new long[] {80, 10, 10, 0})))
                .isCloseTo(0.091, within(EPS));
        // in +Inf: the highest finite bound
        assertThat(HistogramQuantile.estimate(0.99, ClassicHistogramBuckets.of(bounds, new long[] {1, 0, 0, 9})))
                .isEqualTo(0.1);
    }
}
