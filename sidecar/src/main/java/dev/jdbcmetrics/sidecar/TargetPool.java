package dev.jdbcmetrics.sidecar;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jdbcmetrics.core.MetricsConfig;
import dev.jdbcmetrics.sidecar.config.ConfigException;
import dev.jdbcmetrics.sidecar.config.Secret;
import dev.jdbcmetrics.sidecar.config.TargetConfig;
import dev.jdbcmetrics.proxy.MeteredDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens the HikariCP pool of one target, wrapped so that it is measured like any application pool. */
final class TargetPool {

    private TargetPool() {
    }

    /**
     * Checks that a JDBC driver in the class path accepts the target's URL.
     *
     * @throws ConfigException naming the target and the URL's scheme (never the whole URL,
     *                         which may carry credentials)
     */
    static void checkDriver(TargetConfig target) throws ConfigException {
        try {
            DriverManager.getDriver(target.url());
        } catch (SQLException | RuntimeException e) {
            // Drivers' acceptsURL can throw instead of saying no: MySQL Connector/J throws
            // IllegalArgumentException for a '%' in the scheme (jdbc:%h2:...), and DriverManager
            // passes it on.
            String scheme = target.url().split(":", 3).length > 1
                    ? target.url().split(":", 3)[1] : target.url();
            throw new ConfigException("target '" + target.name() + "': no JDBC driver for"
                    + " 'jdbc:" + scheme + ":' URLs (drivers included: postgresql, mysql,"
                    + " mariadb, h2)");
        }
    }

    /**
     * Opens the pool without connecting: a database that is down at start is reported by
     * {@code db_up} and picked up when it comes back, it does not stop the sidecar.
     */
    static MeteredDataSource open(TargetConfig target, MeterRegistry registry,
                                  MetricsConfig metricsConfig) throws ConfigException {
        checkDriver(target);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("jdbc-metrics-" + target.name());
        hikari.setJdbcUrl(target.url());
        target.user().ifPresent(hikari::setUsername);
        target.password().map(Secret::reveal).ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(target.pool().maxSize());
        hikari.setMinimumIdle(target.pool().minIdle());
        hikari.setConnectionTimeout(target.pool().connectionTimeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        return MeteredDataSource.builder(new HikariDataSource(hikari))
                .name(target.name()).registry(registry).config(metricsConfig).build();
    }
}
