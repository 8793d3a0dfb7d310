package dev.jdbcmetrics.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdbcmetrics.core.MetricsSettings.Form;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

    @Test
    void everySettingInTheUrlForm() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("jdbcmetrics.tableLabel", "false");
        values.put("jdbcmetrics.maxTables", "7");
        values.put("jdbcmetrics.slowQueryMillis", "250");
        values.put("jdbcmetrics.leakThresholdMillis", "30000");
        values.put("jdbcmetrics.statementTop", "5");
        values.put("jdbcmetrics.durationBuckets", "0.001, 0.01,0.1");
        values.put("jdbcmetrics.nativeHistograms", "TRUE");
        values.put("jdbcmetrics.naming", "otel");

        MetricsConfig config = MetricsSettings.apply(values, Form.URL, MetricsConfig.builder()).build();

        assertThat(config.tableLabel()).isFalse();
        assertThat(config.maxTables()).isEqualTo(7);
        assertThat(config.slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.leakThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.statementTop()).isEqualTo(5);
        assertThat(config.durationBuckets()).containsExactly(0.001, 0.01, 0.1);
        assertThat(config.nativeHistograms()).isTrue();
        assertThat(config.naming()).isEqualTo(Naming.OTEL);
    }

    @Test
    void durationsWithUnitsInTheSpringBootAndSidecarForms() {
        MetricsConfig boot = MetricsSettings.apply(Map.of("jdbc-metrics.slow-query-threshold", "1.5s",
                "jdbc-metrics.leak-threshold", "PT2M"), Form.SPRING_BOOT, MetricsConfig.builder()).build();
        MetricsConfig sidecar = MetricsSettings.apply(Map.of("slow_query_threshold", "500ms", "statement_top", "20"),
                Form.SIDECAR, MetricsConfig.builder()).build();

        assertThat(boot.slowQueryThreshold()).isEqualTo(Duration.ofMillis(1500));
        assertThat(boot.leakThreshold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sidecar.slowQueryThreshold()).isEqualTo(Duration.ofMillis(500));
        assertThat(sidecar.statementTop()).isEqualTo(20);
    }

    @Test
    void theDefaultsAreTheDesignsDefaults() {
        MetricsConfig config = MetricsConfig.defaults();

        assertThat(config.durationBuckets()).containsExactly(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                0.25, 0.5, 1, 2.5, 5, 10);
        assertThat(config.statementTop()).isZero();
        assertThat(config.nativeHistograms()).isFalse();
        assertThat(config.naming()).isEqualTo(Naming.PROMETHEUS);
        assertThat(config.slowQueryThreshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.leakThreshold()).isEqualTo(Duration.ZERO);
        assertThat(config.maxTables()).isEqualTo(100);
        assertThat(config.tableLabel()).isTrue();
    }

    @Test
    void anUnknownSettingIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("leak_threshold", "1s"), Form.SIDECAR,
                MetricsConfig.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting 'leak_threshold'; known settings: table_label, max_tables, max_series,"
                        + " slow_query_threshold, statement_top, duration_buckets, native_histograms, naming");
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("jdbc-metrics.tableLabel", "true"), Form.SPRING_BOOT,
                MetricsConfig.builder()))
                .hasMessageStartingWith("unknown setting 'jdbc-metrics.tableLabel'; known settings: jdbc-metrics.table-label,");
    }

    @Test
    void aBadValueIsNamedWithItsKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("slow_query_threshold", "10"), Form.SIDECAR,
                MetricsConfig.builder()))
                .hasMessage("slow_query_threshold must be a positive duration such as 500ms or 2s, was '10'");
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("jdbc-metrics.statement-top", "-1"), Form.SPRING_BOOT,
                MetricsConfig.builder()))
                .hasMessage("jdbc-metrics.statement-top must be a whole number of at least 0, was '-1'");
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("jdbcmetrics.leakThresholdMillis", "soon"), Form.URL,
                MetricsConfig.builder()))
                .hasMessage("jdbcmetrics.leakThresholdMillis must be a non-negative number of milliseconds, was 'soon'");
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("naming", "graphite"), Form.SIDECAR,
                MetricsConfig.builder()))
                .hasMessage("naming must be prometheus or otel, was 'graphite'");
        assertThatThrownBy(() -> MetricsSettings.apply(Map.of("duration_buckets", "0.1,x"), Form.SIDECAR,
                MetricsConfig.builder()))
                .hasMessage("duration_buckets must be a comma-separated list of seconds, was '0.1,x'");
    }
}
