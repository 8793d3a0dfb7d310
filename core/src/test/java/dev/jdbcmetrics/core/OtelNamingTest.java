package dev.jdbcmetrics.core;

import static dev.jdbcmetrics.core.RegistryFiltersTest.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code naming=otel}: the OpenTelemetry database semantic conventions, names and attributes. */
class OtelNamingTest {

    private static final MetricsConfig OTEL = MetricsConfig.builder().naming(Naming.OTEL).build();

    /** The scripted workload plus a pool: 2 used of 5, 3 idle, min 1, 0 pending; two borrows, one timeout. */
    private static DataSourceMetrics scripted(io.micrometer.core.instrument.MeterRegistry registry) {
        DataSourceMetrics metrics = DataSourceMetrics.create("orders", "jdbc:postgresql://db:5432/shop", registry,
                OTEL);
        metrics.connections().measureBorrows();
        PoolGauges.builder(metrics, new int[] {2, 3, 0, 5, 1})
                .active(p -> p[0]).idle(p -> p[1]).pending(p -> p[2]).max(p -> p[3]).min(p -> p[4])
                .register();
        workload(metrics);
        metrics.connections().acquired(1_000_000);
        metrics.connections().acquired(2_000_000);
        metrics.connections().poolAcquireFailed(new SQLTransientConnectionException("timeout"));
        metrics.connections().released(3_000_000);
        return metrics;
    }

    @Test
    void everyMeterHasItsSemanticConventionNameAndAttributes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        scripted(registry);

        Map<String, TreeSet<String>> attributesByName = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().endsWith(".histogram")) {
                continue; // the bucket gauges SimpleMeterRegistry adds for a timer with SLOs
            }
            attributesByName.computeIfAbsent(meter.getId().getName(), n -> new TreeSet<>()).addAll(
                    meter.getId().getTags().stream().map(Tag::getKey).toList());
        }
        String pool = MetricNames.OTEL_POOL_NAME;
        assertThat(attributesByName).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("db.client.operation.duration", new TreeSet<>(List.of(pool, "db.system.name",
                        "db.namespace", "db.operation.name", "db.collection.name", "error.type",
                        "db.response.status_code"))),
                Map.entry("db.client.response.returned_rows", new TreeSet<>(List.of(pool, "db.system.name",
                        "db.namespace", "db.operation.name", "db.collection.name"))),
                Map.entry("db.client.connection.count", new TreeSet<>(List.of(pool, "db.client.connection.state"))),
                Map.entry("db.client.connection.max", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.idle.max", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.idle.min", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.pending_requests", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.timeouts", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.wait_time", new TreeSet<>(List.of(pool))),
                Map.entry("db.client.connection.use_time", new TreeSet<>(List.of(pool))),
                // no equivalent in the conventions: our names, the conventions' attributes
                Map.entry(MeterNames.ROWS_AFFECTED, new TreeSet<>(List.of(pool, "db.system.name", "db.namespace",
                        "db.operation.name", "db.collection.name"))),
                Map.entry(MeterNames.SLOW_QUERIES, new TreeSet<>(List.of(pool, "db.system.name", "db.namespace",
                        "db.operation.name", "db.collection.name"))),
                Map.entry(MeterNames.CONNECTION_LEAKS, new TreeSet<>(List.of(pool))),
                Map.entry(MeterNames.POOL_SATURATION, new TreeSet<>(List.of(pool))),
                Map.entry(MeterNames.RECORDING_ERRORS, new TreeSet<>(List.of(pool))),
                Map.entry(MeterNames.SERIES_OVERFLOW, new TreeSet<>(List.of(pool)))));

        assertThat(registry.get("db.client.operation.duration").tags("error.type", "", "db.response.status_code", "")
                .timer().count()).isEqualTo(5);
        assertThat(registry.get("db.client.operation.duration")
                .tags("error.type", "40P01", "db.response.status_code", "40P01", "db.system.name", "postgresql",
                        "db.namespace", "shop", "db.operation.name", "SELECT", "db.collection.name", "orders")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("db.client.connection.count").tag("db.client.connection.state", "used").gauge()
                .value()).isEqualTo(2);
        assertThat(registry.get("db.client.connection.count").tag("db.client.connection.state", "idle").gauge()
                .value()).isEqualTo(3);
        assertThat(registry.get("db.client.connection.idle.max").gauge().value()).isEqualTo(5);
        assertThat(registry.get("db.client.connection.idle.min").gauge().value()).isEqualTo(1);
        assertThat(registry.get("db.client.connection.timeouts").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("db.client.connection.wait_time").timer().count()).isEqualTo(2);
        assertThat(registry.get("db.client.connection.use_time").timer().count()).isEqualTo(1);
    }

    @Test
    void prometheusShowsTheConventionsInItsOwnSpelling() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        scripted(registry);

        String scrape = registry.scrape();

        String labels = "db_client_connection_pool_name=\"orders\",db_collection_name=\"orders\","
                + "db_namespace=\"shop\",db_operation_name=\"SELECT\"";
        assertThat(scrape.lines().filter(l -> l.startsWith("db_client_operation_duration_seconds_count{")))
                .containsExactly(
                        "db_client_operation_duration_seconds_count{" + labels
                                + ",db_response_status_code=\"\",db_system_name=\"postgresql\",error_type=\"\"} 5",
                        "db_client_operation_duration_seconds_count{" + labels
                                + ",db_response_status_code=\"40P01\",db_system_name=\"postgresql\","
                                + "error_type=\"40P01\"} 1");
        assertThat(scrape).contains("db_client_response_returned_rows_sum{" + labels
                + ",db_system_name=\"postgresql\"} 56.0");
        assertThat(scrape).contains("db_client_connection_count{db_client_connection_pool_name=\"orders\","
                + "db_client_connection_state=\"used\"} 2.0");
        assertThat(scrape).contains("db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"orders\"} 2");
        assertThat(scrape).doesNotContain("db_queries_executed").doesNotContain("db_query_duration")
                .doesNotContain("datasource=");
        Map<String, Long> families = scrape.lines().filter(l -> l.startsWith("# TYPE "))
                .collect(Collectors.groupingBy(l -> l.split(" ")[2], Collectors.counting()));
        assertThat(families.values()).allMatch(n -> n == 1);
    }
}
