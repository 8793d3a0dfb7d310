package dev.jdbcmetrics.it.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.core.Naming;
import dev.jdbcmetrics.it.support.TestDatabases;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code naming=otel} on a real PostgreSQL: the OpenTelemetry semantic-convention names, with
 * {@code db.system.name}, {@code db.namespace} from the URL and the server's own SQLSTATE.
 */
class PostgresOtelNamingIT {

    private static final String TABLE = "postgresotelnamingit_orders";

    @Test
    void aScriptedWorkloadUnderTheConventionNames() throws Exception {
        HikariConfig config = TestDatabases.postgres().hikariConfig("otel-it", 2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String database;
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource ds = MeteredDataSource.builder(pool).registry(registry)
                        .config(MetricsConfig.builder().naming(Naming.OTEL).build()).build()) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                database = c.getCatalog();
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO " + TABLE + " VALUES (1), (2), (3)");
            }
            for (int i = 1; i <= 3; i++) {
                try (Connection c = ds.getConnection();
                        PreparedStatement p = c.prepareStatement("SELECT id FROM " + TABLE + " WHERE id >= ?")) {
                    p.setInt(1, i);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            assertThat(rs.getInt(1)).isBetween(1, 3);
                        }
                    }
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                SQLException duplicate = catchThrowableOfType(SQLException.class,
                        () -> s.executeUpdate("INSERT INTO " + TABLE + " VALUES (1)"));
                assertThat(duplicate.getSQLState()).isEqualTo("23505");
                s.execute("DROP TABLE " + TABLE);
            }

            String scrape = registry.scrape();
            String labels = "db_client_connection_pool_name=\"otel-it\",db_collection_name=\"" + TABLE + "\","
                    + "db_namespace=\"" + database + "\"";
            assertThat(lines(scrape, "db_client_operation_duration_seconds_count{" + labels + ",db_operation_name=\"SELECT\""))
                    .containsExactly("db_client_operation_duration_seconds_count{" + labels
                            + ",db_operation_name=\"SELECT\",db_response_status_code=\"\",db_system_name=\"postgresql\","
                            + "error_type=\"\"} 3");
            assertThat(lines(scrape, "db_client_operation_duration_seconds_count{" + labels + ",db_operation_name=\"INSERT\""))
                    .containsExactly(
                            "db_client_operation_duration_seconds_count{" + labels + ",db_operation_name=\"INSERT\","
                                    + "db_response_status_code=\"\",db_system_name=\"postgresql\",error_type=\"\"} 1",
                            "db_client_operation_duration_seconds_count{" + labels + ",db_operation_name=\"INSERT\","
                                    + "db_response_status_code=\"23505\",db_system_name=\"postgresql\","
                                    + "error_type=\"23505\"} 1");
            assertThat(lines(scrape, "db_client_response_returned_rows_sum{" + labels + ",db_operation_name=\"SELECT\""))
                    .containsExactly("db_client_response_returned_rows_sum{" + labels
                            + ",db_operation_name=\"SELECT\",db_system_name=\"postgresql\"} 6.0");
            assertThat(lines(scrape, "db_client_connection_wait_time_seconds_count{")).containsExactly(
                    "db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"otel-it\"} 5");
            assertThat(lines(scrape, "db_client_connection_max{")).containsExactly(
                    "db_client_connection_max{db_client_connection_pool_name=\"otel-it\"} 2.0");
            assertThat(scrape).doesNotContain("datasource=");
        } finally {
            registry.close();
        }
    }

    private static List<String> lines(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).sorted().toList();
    }
}
