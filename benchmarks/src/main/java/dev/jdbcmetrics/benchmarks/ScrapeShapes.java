package dev.jdbcmetrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Registries holding jdbc-metrics' per-statement meters (executed, failed, duration
 * histogram, rows returned, rows per result set, rows affected, slow) for as many
 * (datasource, operation, table) combinations as it takes to reach a number of Prometheus
 * series.
 */
public final class ScrapeShapes {

    private static final String[] DATASOURCES = {"orders", "billing", "users", "audit"};
    private static final String[] OPERATIONS = {
        "select", "insert", "update", "delete", "merge", "call", "ddl", "other"};
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final double[] ROW_BUCKETS = {1, 10, 100, 1_000, 10_000, 100_000};

    private ScrapeShapes() {
    }

    /** A registry with at least {@code series} series (samples) in its Prometheus text output. */
    public static PrometheusMeterRegistry registry(int series) {
        if (series < 1) {
            throw new IllegalArgumentException("series must be at least 1, got " + series);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        int perCombination = seriesPerCombination();
        int combinations = (series + perCombination - 1) / perCombination;
        for (int i = 0; i < combinations; i++) {
            addCombination(registry, i);
        }
        return registry;
    }

    /** The number of samples (non-comment, non-empty lines) in Prometheus text output. */
    public static int seriesIn(String exposition) {
        int count = 0;
        for (String line : exposition.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                count++;
            }
        }
        return count;
    }

    private static int seriesPerCombination() {
        PrometheusMeterRegistry scratch = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        addCombination(scratch, 0);
        int count = seriesIn(scratch.scrape());
        scratch.close();
        return count;
    }

    private static void addCombination(PrometheusMeterRegistry registry, int i) {
        Tags tags = Tags.of("datasource", DATASOURCES[i % DATASOURCES.length],
                "operation", OPERATIONS[(i / DATASOURCES.length) % OPERATIONS.length],
                "table", "table_" + i / (DATASOURCES.length * OPERATIONS.length));
        long executions = 1_000L + i;
        Counter.builder("db.queries.executed").tags(tags).register(registry).increment(executions);
        Counter.builder("db.queries.failed").tags(tags).tag("sqlstate_class", "23")
                .register(registry).increment(i % 7);
        Timer duration = Timer.builder("db.query.duration").tags(tags).tag("outcome", "success")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
        duration.record(1_200 + i, TimeUnit.MICROSECONDS);
        duration.record(48 + i % 50, TimeUnit.MILLISECONDS);
        Counter.builder("db.rows.returned").tags(tags).register(registry).increment(executions * 3);
        DistributionSummary rows = DistributionSummary.builder("db.query.rows").tags(tags)
                .serviceLevelObjectives(ROW_BUCKETS).register(registry);
        rows.record(1);
        rows.record(10 + i % 90);
        Counter.builder("db.rows.affected").tags(tags).register(registry).increment(i % 11);
        Counter.builder("db.slow.queries").tags(tags).register(registry).increment(i % 3);
    }
}
