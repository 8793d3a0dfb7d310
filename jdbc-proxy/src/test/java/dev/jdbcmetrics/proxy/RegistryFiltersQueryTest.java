package dev.jdbcmetrics.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** A registry's filters change what is published, never what a query returns. */
class RegistryFiltersQueryTest {

    @Test
    void aDeniedDurationHistogramLeavesTheQueryAndTheCountersAsTheyWere() throws SQLException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("db.query.duration"));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:RegistryFiltersQueryTest;DB_CLOSE_DELAY=-1");
        DataSource ds = MeteredDataSource.builder(h2).name("filtered").registry(registry).build();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE RegistryFiltersQueryTest_orders (id INT, status VARCHAR(10))");
            s.executeUpdate("INSERT INTO RegistryFiltersQueryTest_orders VALUES (1, 'new'), (2, 'paid')");
        }
        for (int i = 1; i <= 2; i++) {
            try (Connection c = ds.getConnection();
                    PreparedStatement p = c.prepareStatement(
                            "SELECT status FROM RegistryFiltersQueryTest_orders WHERE id = ?")) {
                p.setInt(1, i);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(i == 1 ? "new" : "paid");
                    assertThat(rs.next()).isFalse();
                }
            }
        }

        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("db_query_duration");
        assertThat(scrape).contains("db_queries_executed_total{datasource=\"filtered\",operation=\"select\","
                + "table=\"registryfiltersquerytest_orders\"} 2.0");
        assertThat(scrape).contains("db_query_rows_count{datasource=\"filtered\",operation=\"select\","
                + "table=\"registryfiltersquerytest_orders\"} 2");
        assertThat(scrape).contains("db_connection_acquire_seconds_count{datasource=\"filtered\"} 3");
    }
}
