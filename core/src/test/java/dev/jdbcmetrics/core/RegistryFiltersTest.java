package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry's filters apply to every metric, histograms included, in every kind of registry. */
class RegistryFiltersTest {

    private static final String SELECT = "SELECT id FROM orders WHERE id = ?";

    /** Five executions (3 at 0.3 ms, 2 at 2 ms), one failure at 20 ms, three result sets (1, 5, 50 rows). */
    static void workload(DataSourceMetrics metrics) {
        QueryMeters query = metrics.query(SELECT);
        for (int i = 0; i < 3; i++) {
            query.succeeded(300_000, SELECT);
        }
        query.succeeded(2_000_000, SELECT);
        query.succeeded(2_000_000, SELECT);
        query.failed(20_000_000, new SQLException("deadlock", "40P01"), SELECT);
        query.resultSetRead(1);
        query.resultSetRead(5);
        query.resultSetRead(50);
    }

    static List<String> lines(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void aDenyFilterRemovesTheDurationFamiliesAndTheCountersStillCount() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(MeterNames.QUERY_DURATION));
        workload(DataSourceMetrics.create("orders", registry, MetricsConfig.defaults()));

        String scrape = registry.scrape();

        assertThat(scrape).doesNotContain("db_query_duration");
        assertThat(registry.find(MeterNames.QUERY_DURATION).meters()).isEmpty();
        // the executions are counted by the (denied) histograms, and still exactly
        assertThat(lines(scrape, "db_queries_executed_total{")).containsExactly(
                "db_queries_executed_total{datasource=\"orders\",operation=\"select\",table=\"orders\"} 6.0");
        assertThat(lines(scrape, "db_query_rows_count{")).containsExactly(
                "db_query_rows_count{datasource=\"orders\",operation=\"select\",table=\"orders\"} 3");
    }

    @Test
    void springBootsEnableDbFalseDeniesEveryMetricOfOurs() {
        // management.metrics.enable.db=false is a deny filter on the "db" prefix
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("db"));
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", registry, MetricsConfig.defaults());
        metrics.connections().measureBorrows();
        metrics.connections().measureTransactions();
        workload(metrics);

        assertThat(registry.scrape()).doesNotContain("db_");
    }

    @Test
    void aRenameFilterRenamesTheHistogramFamilies() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("db.query.") ? id.withName("sql." + id.getName().substring(3)) : id;
            }
        });
        workload(DataSourceMetrics.create("orders", registry, MetricsConfig.defaults()));

        String scrape = registry.scrape();

        assertThat(scrape).doesNotContain("db_query_duration").doesNotContain("db_query_rows");
        assertThat(lines(scrape, "sql_query_duration_seconds_count{")).containsExactly(
                "sql_query_duration_seconds_count{datasource=\"orders\",operation=\"select\",outcome=\"error\",table=\"orders\"} 1",
                "sql_query_duration_seconds_count{datasource=\"orders\",operation=\"select\",outcome=\"success\",table=\"orders\"} 5");
        assertThat(lines(scrape, "sql_query_rows_sum{")).containsExactly(
                "sql_query_rows_sum{datasource=\"orders\",operation=\"select\",table=\"orders\"} 56.0");
        assertThat(registry.find("sql.query.duration").meters()).hasSize(2);
    }

    @Test
    void commonTagsAndTagChangesLandOnEverySeriesBucketsIncluded() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "trial")
                .meterFilter(MeterFilter.renameTag("db", MeterNames.TAG_TABLE, "relation"));
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", registry, MetricsConfig.defaults());
        metrics.connections().measureBorrows();
        metrics.connections().measureTransactions();
        workload(metrics);
        metrics.connections().acquired(1_000_000);

        String scrape = registry.scrape();

        List<String> series = scrape.lines().filter(l -> !l.startsWith("#") && l.startsWith("db_")).toList();
        assertThat(series).hasSizeGreaterThan(60).allSatisfy(l -> assertThat(l).contains("application=\"trial\""));
        assertThat(series).noneMatch(l -> l.contains("table="));
        assertThat(lines(scrape, "db_query_duration_seconds_bucket{application=\"trial\",datasource=\"orders\","
                + "operation=\"select\",outcome=\"success\",relation=\"orders\",le=\"5.0E-4\"}")).containsExactly(
                "db_query_duration_seconds_bucket{application=\"trial\",datasource=\"orders\",operation=\"select\","
                        + "outcome=\"success\",relation=\"orders\",le=\"5.0E-4\"} 3");
        assertThat(lines(scrape, "db_connection_acquire_seconds_count{")).containsExactly(
                "db_connection_acquire_seconds_count{application=\"trial\",datasource=\"orders\"} 1");
    }

    @Test
    void aSimpleMeterRegistryGetsTimersAndSummariesWithExactlyOurBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        workload(DataSourceMetrics.create("orders", registry, MetricsConfig.defaults()));

        HistogramSnapshot success = registry.get(MeterNames.QUERY_DURATION).tag(MeterNames.TAG_OUTCOME, "success")
                .timer().takeSnapshot();
        assertThat(success.count()).isEqualTo(5);
        assertThat(success.total(TimeUnit.NANOSECONDS)).isEqualTo(4_900_000.0);
        assertThat(Arrays.stream(success.histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray())
                .containsExactly(MetricsConfig.DEFAULT_DURATION_BUCKETS);
        assertThat(counts(success.histogramCounts()))
                .containsExactly(3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        assertThat(registry.get(MeterNames.QUERY_DURATION).tag(MeterNames.TAG_OUTCOME, "error").timer().count())
                .isEqualTo(1);

        HistogramSnapshot rows = registry.get(MeterNames.QUERY_ROWS).summary().takeSnapshot();
        assertThat(rows.count()).isEqualTo(3);
        assertThat(rows.total()).isEqualTo(56.0);
        assertThat(Arrays.stream(rows.histogramCounts()).mapToDouble(CountAtBucket::bucket).toArray())
                .containsExactly(MetricsConfig.ROW_BUCKETS);
        assertThat(counts(rows.histogramCounts())).containsExactly(1, 2, 3, 3, 3, 3);
        assertThat(registry.get(MeterNames.QUERIES_EXECUTED).functionCounter().count()).isEqualTo(6.0);
    }

    @Test
    void aDenyFilterInASimpleMeterRegistryLeavesNoTimerAndTheCountersCount() {
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(MeterNames.QUERY_DURATION));
        workload(DataSourceMetrics.create("orders", registry, MetricsConfig.defaults()));

        assertThat(registry.find(MeterNames.QUERY_DURATION).meters()).isEmpty();
        assertThat(registry.get(MeterNames.QUERIES_EXECUTED).functionCounter().count()).isEqualTo(6.0);
        assertThat(registry.get(MeterNames.QUERY_ROWS).summary().count()).isEqualTo(3);
    }

    @Test
    void closingRemovesEveryMeterAndSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", registry, MetricsConfig.defaults());
        metrics.connections().measureBorrows();
        workload(metrics);

        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.scrape()).doesNotContain("db_");
    }

    static long[] counts(CountAtBucket[] buckets) {
        return Arrays.stream(buckets).mapToLong(b -> (long) b.count()).toArray();
    }
}
