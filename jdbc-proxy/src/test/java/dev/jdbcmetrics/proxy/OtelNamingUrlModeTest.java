package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.proxy.hikari.HikariMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jdbcmetrics.naming=otel} in URL mode: a scripted workload under the semantic-convention names. */
class OtelNamingUrlModeTest {

    @RegisterExtension
    final DriverRegistry driver = new DriverRegistry();
    private final PrometheusMeterRegistry registry = driver.registry();

    @Test
    void aScriptedWorkloadShowsTheConventionNamesAndAttributes() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:metrics:h2:mem:OtelNamingUrlModeTest;DB_CLOSE_DELAY=-1;jdbcmetrics.naming=otel");
        config.setPoolName("shop");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        try (HikariDataSource pool = new HikariDataSource(HikariMetrics.instrument(config, registry))) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE otel_orders (id INT PRIMARY KEY, status VARCHAR(10))");
                s.executeUpdate("INSERT INTO otel_orders VALUES (1, 'new'), (2, 'paid'), (3, 'paid')");
            }
            for (int i = 0; i < 2; i++) {
                try (Connection c = pool.getConnection();
                        PreparedStatement p = c.prepareStatement("SELECT id FROM otel_orders WHERE status = ?")) {
                    p.setString(1, "paid");
                    try (ResultSet rs = p.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.next()).isFalse();
                    }
                }
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                SQLException missing = catchThrowableOfType(SQLException.class,
                        () -> s.executeQuery("SELECT id FROM otel_missing"));
                assertThat(missing.getSQLState()).isEqualTo("42S02");
            }

            String scrape = registry.scrape();
            String select = "db_client_connection_pool_name=\"shop\",db_collection_name=\"otel_orders\","
                    + "db_namespace=\"otelnamingurlmodetest\",db_operation_name=\"SELECT\"";
            assertThat(lines(scrape, "db_client_operation_duration_seconds_count{")).containsExactly(
                    "db_client_operation_duration_seconds_count{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_missing\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"SELECT\",db_response_status_code=\"\",db_system_name=\"h2database\","
                            + "error_type=\"\"} 0",
                    "db_client_operation_duration_seconds_count{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_missing\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"SELECT\",db_response_status_code=\"42S02\","
                            + "db_system_name=\"h2database\",error_type=\"42S02\"} 1",
                    "db_client_operation_duration_seconds_count{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_orders\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"DDL\",db_response_status_code=\"\",db_system_name=\"h2database\","
                            + "error_type=\"\"} 1",
                    "db_client_operation_duration_seconds_count{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_orders\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"INSERT\",db_response_status_code=\"\",db_system_name=\"h2database\","
                            + "error_type=\"\"} 1",
                    "db_client_operation_duration_seconds_count{" + select
                            + ",db_response_status_code=\"\",db_system_name=\"h2database\",error_type=\"\"} 2");
            // one rows histogram per operation and table, as in the Prometheus naming
            assertThat(lines(scrape, "db_client_response_returned_rows_sum{")).containsExactly(
                    "db_client_response_returned_rows_sum{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_missing\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"SELECT\",db_system_name=\"h2database\"} 0.0",
                    "db_client_response_returned_rows_sum{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_orders\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"DDL\",db_system_name=\"h2database\"} 0.0",
                    "db_client_response_returned_rows_sum{db_client_connection_pool_name=\"shop\","
                            + "db_collection_name=\"otel_orders\",db_namespace=\"otelnamingurlmodetest\","
                            + "db_operation_name=\"INSERT\",db_system_name=\"h2database\"} 0.0",
                    "db_client_response_returned_rows_sum{" + select + ",db_system_name=\"h2database\"} 4.0");
            // idle: HikariCP fills its minimum in the background (and caches its statistics for a second)
            assertThat(lines(scrape, "db_client_connection_count{")).hasSize(2)
                    .anySatisfy(l -> assertThat(l).matches("db_client_connection_count\\{db_client_connection_pool_name="
                            + "\"shop\",db_client_connection_state=\"idle\"} [012]\\.0"))
                    .contains("db_client_connection_count{db_client_connection_pool_name=\"shop\","
                            + "db_client_connection_state=\"used\"} 0.0");
            assertThat(lines(scrape, "db_client_connection_max{")).containsExactly(
                    "db_client_connection_max{db_client_connection_pool_name=\"shop\"} 2.0");
            assertThat(lines(scrape, "db_client_connection_wait_time_seconds_count{")).containsExactly(
                    "db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"shop\"} 4");
            assertThat(lines(scrape, "db_client_connection_use_time_seconds_count{")).containsExactly(
                    "db_client_connection_use_time_seconds_count{db_client_connection_pool_name=\"shop\"} 4");
            assertThat(scrape).doesNotContain("datasource=").doesNotContain("db_queries_executed");
        }
    }

    private static List<String> lines(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).sorted().toList();
    }
}
