package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The series cap ({@code maxSeries}): a workload of generated SQL cannot push one datasource's
 * series in a real Prometheus scrape past the cap, every recording past it is counted in
 * {@code db_series_overflow_total}, and the totals stay exact.
 */
class SeriesBudgetTest {

    private static final String[] OPERATIONS = {"SELECT * FROM %s WHERE id = %d", "INSERT INTO %s VALUES (%d)",
            "UPDATE %s SET v = %d", "DELETE FROM %s WHERE id = %d"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void generatedSqlStaysUnderTheCapAndTheOverflowIsCountedExactly() {
        int admittedGroups = 10;
        MetricsConfig config = MetricsConfig.builder().maxTables(10_000)
                .maxSeries(SeriesBudget.minimum(MetricsConfig.defaults())
                        + admittedGroups * SeriesBudget.groupSeries(MetricsConfig.defaults()))
                .build();
        DataSourceMetrics metrics = DataSourceMetrics.create("generated", registry, config);

        // 4,000 distinct tables, 4 operations, 3 executions each with distinct literals: the first
        // 10 (operation, table) pairs fit, every later pair records into other/other.
        long executions = 0;
        long admittedExecutions = 0;
        for (int t = 0; t < 4_000; t++) {
            String sql = OPERATIONS[t % 4];
            for (int i = 0; i < 3; i++) {
                metrics.query(String.format(sql, "gen_" + t, t * 10 + i)).succeeded(2_000_000, null);
                executions++;
                if (t < admittedGroups) {
                    admittedExecutions++;
                }
            }
        }

        String scrape = registry.scrape();
        List<String> series = series(scrape, "generated");
        assertThat(series.size()).as("series of the datasource").isLessThanOrEqualTo(config.maxSeries());
        // The budget's model is the exposition: 11 groups (10 and the overflow group) of 47 series.
        assertThat(series.stream().filter(l -> l.contains("operation=\"")).count())
                .isEqualTo((admittedGroups + 1L) * SeriesBudget.groupSeries(config));
        assertThat(series.stream().filter(l -> !l.contains("operation=\"")).count())
                .isLessThanOrEqualTo(SeriesBudget.fixedSeries());

        assertThat(value(scrape, "db_series_overflow_total{datasource=\"generated\"}"))
                .isEqualTo(executions - admittedExecutions);
        assertThat(value(scrape, "db_queries_executed_total{datasource=\"generated\",operation=\"other\",table=\"other\"}"))
                .isEqualTo(executions - admittedExecutions);
        assertThat(sum(scrape, "db_queries_executed_total{datasource=\"generated\"")).as("totals stay exact")
                .isEqualTo(executions);
        assertThat(metrics.reservedSeries()).isEqualTo(config.maxSeries());
    }

    @Test
    void theDefaultsHoldTheWorstCaseOfGeneratedSqlAndFailures() {
        DataSourceMetrics metrics = DataSourceMetrics.create("worst", registry, MetricsConfig.defaults());
        String[] states = {"23505", "42601", "40001"};
        long executions = 0;
        for (int t = 0; t < 3_000; t++) {
            for (String sql : OPERATIONS) {
                QueryMeters meters = metrics.query(String.format(sql, "gen_" + t, t));
                meters.succeeded(1_000, null);
                meters.failed(1_000, new SQLException("failed", states[t % 3]), null);
                executions += 2;
            }
        }

        String scrape = registry.scrape();
        List<String> series = series(scrape, "worst");
        System.out.println("worst case with the defaults: " + series.size() + " series of datasource 'worst', "
                + scrape.lines().filter(l -> !l.startsWith("#")).count() + " in the scrape");
        assertThat(series.size()).isLessThanOrEqualTo(MetricsConfig.DEFAULT_MAX_SERIES);
        assertThat(metrics.reservedSeries()).isGreaterThan(MetricsConfig.DEFAULT_MAX_SERIES - 47);
        assertThat(sum(scrape, "db_queries_executed_total{datasource=\"worst\"")).isEqualTo(executions);
        // The overflow counts each execution recorded into other/other, and each failure whose
        // class got no series; with those, every failure is accounted for exactly once.
        double redirected = value(scrape,
                "db_queries_executed_total{datasource=\"worst\",operation=\"other\",table=\"other\"}");
        double unclassified = value(scrape, "db_series_overflow_total{datasource=\"worst\"}") - redirected;
        assertThat(redirected).isPositive();
        assertThat(sum(scrape, "db_queries_failed_total{datasource=\"worst\"") + unclassified)
                .isEqualTo(executions / 2);
    }

    @Test
    void failureClassesPastTheCapAreCountedAsOverflowNotLost() {
        // Room for three failure classes beyond one group.
        MetricsConfig config = MetricsConfig.builder()
                .maxSeries(SeriesBudget.minimum(MetricsConfig.defaults())
                        + SeriesBudget.groupSeries(MetricsConfig.defaults()) + 3)
                .build();
        DataSourceMetrics metrics = DataSourceMetrics.create("failing", registry, config);
        QueryMeters orders = metrics.query("UPDATE orders SET v = 1");
        List<String> states = List.of("23505", "42P01", "40001", "08006", "57014", "22003", "53300");
        for (int round = 0; round < 5; round++) {
            for (String state : states) {
                orders.failed(1_000, new SQLException("failed", state), null);
            }
        }

        String scrape = registry.scrape();
        assertThat(series(scrape, "failing").size()).isLessThanOrEqualTo(config.maxSeries());
        String prefix = "db_queries_failed_total{datasource=\"failing\",operation=\"update\",sqlstate_class=\"";
        assertThat(value(scrape, prefix + "23\",table=\"orders\"}")).isEqualTo(5);
        assertThat(value(scrape, prefix + "42\",table=\"orders\"}")).isEqualTo(5);
        assertThat(value(scrape, prefix + "40\",table=\"orders\"}")).isEqualTo(5);
        assertThat(scrape).doesNotContain("sqlstate_class=\"08\"");
        assertThat(value(scrape, "db_series_overflow_total{datasource=\"failing\"}")).isEqualTo(4 * 5);
        assertThat(value(scrape, "db_queries_executed_total{datasource=\"failing\",operation=\"update\",table=\"orders\"}"))
                .isEqualTo(states.size() * 5);
    }

    @Test
    void statementModeGetsOnlyTheStatementsTheBudgetHolds() {
        MetricsConfig config = MetricsConfig.builder().statementTop(50)
                .maxSeries(SeriesBudget.minimum(MetricsConfig.defaults())
                        + SeriesBudget.groupSeries(MetricsConfig.defaults()) + 1 // db_statement_evicted_total
                        + 5 * SeriesBudget.statementSeries(MetricsConfig.defaults()))
                .build();
        DataSourceMetrics metrics = DataSourceMetrics.create("statements", registry, config);
        for (int shape = 0; shape < 40; shape++) {
            metrics.query("SELECT c" + shape + " FROM orders WHERE id = 1").succeeded(1_000, null);
        }

        String scrape = registry.scrape();
        assertThat(series(scrape, "statements").size()).isLessThanOrEqualTo(config.maxSeries());
        assertThat(scrape.lines().filter(l -> l.startsWith("db_statement_info{")).count()).isEqualTo(5);
        assertThat(value(scrape, "db_queries_executed_total{datasource=\"statements\",operation=\"select\",table=\"orders\"}"))
                .isEqualTo(40);
        assertThat(value(scrape, "db_series_overflow_total{datasource=\"statements\"}")).isZero();
    }

    @Test
    void theDefaultCapHoldsTheDefaultTableCapOfOneOperation() {
        assertThat(MetricsConfig.defaults().maxSeries()).isEqualTo(10_000);
        // 47 series per operation and table with the 14 default buckets: 2 x 17 + 9 + 4.
        assertThat(SeriesBudget.groupSeries(MetricsConfig.defaults())).isEqualTo(47);
        assertThat(SeriesBudget.minimum(MetricsConfig.defaults())).isEqualTo(SeriesBudget.fixedSeries() + 47);
    }

    @Test
    void aCapBelowTheFixedSeriesIsRefusedNamingTheMinimum() {
        int minimum = SeriesBudget.minimum(MetricsConfig.defaults());
        assertThatThrownBy(() -> MetricsConfig.builder().maxSeries(minimum - 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSeries must be at least " + minimum
                        + " (the datasource's fixed series and one overflow group with these buckets), was "
                        + (minimum - 1));
        // Fewer buckets, fewer series per group: a smaller minimum.
        assertThat(MetricsConfig.builder().durationBuckets(0.1, 1).maxSeries(SeriesBudget.fixedSeries() + 23).build()
                .maxSeries()).isEqualTo(SeriesBudget.fixedSeries() + 23);
    }

    @Test
    void maxSeriesIsSpelledInEveryForm() {
        for (Map.Entry<MetricsSettings.Form, String> form : Map.of(MetricsSettings.Form.URL, "jdbcmetrics.maxSeries",
                MetricsSettings.Form.SPRING_BOOT, "jdbc-metrics.max-series",
                MetricsSettings.Form.SIDECAR, "max_series").entrySet()) {
            MetricsConfig config = MetricsSettings.apply(Map.of(form.getValue(), "5000"), form.getKey(),
                    MetricsConfig.builder()).build();
            assertThat(config.maxSeries()).as(form.getValue()).isEqualTo(5000);
        }
    }

    /** The sample lines (series) of one datasource in a text scrape. */
    private static List<String> series(String scrape, String datasource) {
        return scrape.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.contains("datasource=\"" + datasource + "\"")).toList();
    }

    private static double value(String scrape, String sample) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(sample + " ")).toList();
        assertThat(lines).as(sample).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(sample.length() + 1));
    }

    private static double sum(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
