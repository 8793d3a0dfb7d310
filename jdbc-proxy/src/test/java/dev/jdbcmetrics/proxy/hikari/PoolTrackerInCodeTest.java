package dev.jdbcmetrics.proxy.hikari;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code poolTracker(true)}: a HikariCP pool wrapped in code reports its borrows through its tracker. */
class PoolTrackerInCodeTest {

    private static HikariConfig config(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:PoolTrackerInCodeTest_" + name + ";DB_CLOSE_DELAY=-1");
        config.setPoolName(name);
        config.setMaximumPoolSize(2);
        return config;
    }

    @Test
    void aFactoryAlreadySetIsChainedAndEveryBorrowIsCountedOnce() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = config("chained");
        // what Spring Boot's HikariCP binder installs
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            MeteredDataSource ds = MeteredDataSource.builder(pool).registry(registry).poolTracker(true).build();
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }

            String scrape = registry.scrape();
            assertThat(scrape).contains("db_connection_acquire_seconds_count{datasource=\"chained\"} 3");
            assertThat(scrape).contains("db_connection_usage_seconds_count{datasource=\"chained\"} 3");
            assertThat(scrape).contains("hikaricp_connections_acquire_seconds_count{pool=\"chained\"} 3");
            assertThat(scrape).contains("db_queries_executed_total{datasource=\"chained\",operation=\"select\","
                    + "table=\"none\"} 3.0");
            assertThat(scrape).contains("db_connections_active{datasource=\"chained\"} 0.0");
            ds.close();
        }
    }

    @Test
    void aRunningPoolWithATrackerKeepsItAndTheWrapperTimesBorrowsItself() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariConfig config = config("running");
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            pool.getConnection().close(); // started
            MeteredDataSource ds = MeteredDataSource.builder(pool).registry(registry).poolTracker(true).build();
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }

            assertThat(pool.getMetricsTrackerFactory()).isInstanceOf(MicrometerMetricsTrackerFactory.class);
            String scrape = registry.scrape();
            assertThat(scrape).contains("db_connection_acquire_seconds_count{datasource=\"running\"} 1");
            assertThat(scrape).contains("hikaricp_connections_acquire_seconds_count{pool=\"running\"} 2");
            ds.close();
        }
    }
}
