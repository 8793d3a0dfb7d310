package dev.jdbcmetrics.proxy;

import static dev.jdbcmetrics.proxy.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.metadata.HikariDataSourcePoolMetadata;

/**
 * Spring Boot 3.5 builds its pool the way it does from {@code spring.datasource.*}: the
 * jdbc:metrics: URL works there, and a MeteredDataSource does not hide the pool from Boot.
 */
class SpringBootDataSourceTest {

    @RegisterExtension
    final DriverRegistry driver = new DriverRegistry();
    private final PrometheusMeterRegistry registry = driver.registry();

    @Test
    void springDatasourcePropertiesGiveAMeteredHikariPool() throws Exception {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "spring.datasource.url", "jdbc:metrics:h2:mem:boot;DB_CLOSE_DELAY=-1?jdbcmetrics.name=boot",
                "spring.datasource.driver-class-name", "dev.jdbcmetrics.proxy.MetricsDriver",
                "spring.datasource.username", "sa",
                "spring.datasource.hikari.pool-name", "boot",
                "spring.datasource.hikari.maximum-pool-size", "3")));
        DataSourceProperties properties = binder.bind("spring.datasource", DataSourceProperties.class).get();
        properties.afterPropertiesSet();
        try (HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build()) {
            binder.bind("spring.datasource.hikari", Bindable.ofInstance(pool));
            assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
            assertThat(pool.getDriverClassName()).isEqualTo(MetricsDriver.class.getName());
            runWorkload(pool);
        }
        assertWorkload("boot");
    }

    @Test
    void bootNeedsTheDriverClassNameForAnUrlItDoesNotKnow() throws Exception {
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl("jdbc:metrics:h2:mem:bootGuess");
        properties.afterPropertiesSet();
        // Boot does not recognise the prefix and falls back to the embedded database on the class
        // path, whose driver refuses the URL: hence spring.datasource.driver-class-name in the README.
        assertThat(properties.determineDriverClassName()).isEqualTo("org.h2.Driver");
    }

    @Test
    void dataSourceBuilderWithTheUrlAloneFindsTheDriver() throws Exception {
        DataSource built = DataSourceBuilder.create()
                .url("jdbc:metrics:h2:mem:builder;DB_CLOSE_DELAY=-1?jdbcmetrics.name=builder")
                .username("sa")
                .type(HikariDataSource.class)
                .build();
        try (HikariDataSource pool = (HikariDataSource) built) {
            runWorkload(pool);
        }
        assertWorkload("builder");
    }

    @Test
    void bootFindsTheHikariPoolBehindMeteredDataSource() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:bootUnwrap;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config);
                MeteredDataSource wrapped = MeteredDataSource.builder(pool).name("unwrap").registry(registry).build()) {
            HikariDataSource found = DataSourceUnwrapper.unwrap(wrapped, HikariConfigMXBean.class, HikariDataSource.class);
            assertThat(found).isSameAs(pool);
            // Boot unwraps through interfaces only (JDBC's unwrap contract): the MXBean is the way in.
            assertThat(DataSourceUnwrapper.unwrap(wrapped, HikariConfigMXBean.class)).isSameAs(pool);

            HikariDataSourcePoolMetadata metadata = new HikariDataSourcePoolMetadata(found);
            try (Connection held = wrapped.getConnection()) {
                assertThat(metadata.getActive()).isEqualTo(1);
                assertThat(metadata.getMax()).isEqualTo(4);
                assertThat(Scrape.of(registry).value("db_connections_active", label("datasource", "unwrap")))
                        .isEqualTo(1);
            }
        }
    }

    private static void runWorkload(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            assertThat(s.executeUpdate("INSERT INTO orders VALUES (1), (2), (3)")).isEqualTo(3);
            try (ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(3);
            }
        }
    }

    private void assertWorkload(String name) {
        Scrape scrape = Scrape.of(registry);
        String ds = label("datasource", name);
        String orders = label("table", "orders");
        assertThat(scrape.value("db_queries_executed_total", ds, label("operation", "ddl"))).isEqualTo(1);
        assertThat(scrape.value("db_rows_affected_total", ds, label("operation", "insert"), orders)).isEqualTo(3);
        assertThat(scrape.value("db_rows_returned_total", ds, label("operation", "select"), orders)).isEqualTo(3);
        assertThat(scrape.has("db_queries_failed_total")).isFalse();
    }
}
